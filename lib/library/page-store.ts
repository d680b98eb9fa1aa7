/**
 * The store as an extension page (popup, full-page view) reads it: the same origin as the
 * background, so reads need not cross the messaging channel (ten thousand papers are 20 MB of
 * messages). Pages only read (ReadStore); every change goes through the background, which
 * broadcasts it.
 */
import { sharedSnapshots, sharedStore, type ReadSnapshots, type ReadStore } from '../store';

export const pageStore: () => Promise<ReadStore> = sharedStore();

/** The snapshots, as the options page and the popup read them (the background takes them). */
export const pageSnapshots: () => Promise<ReadSnapshots> = sharedSnapshots();
