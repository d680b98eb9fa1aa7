/**
 * The store as an extension page (popup, full-page view, options) reads it: the same origin as the
 * background, so reads need not cross the messaging channel (ten thousand papers are 20 MB of
 * messages). Pages only read (ReadStore, ReadSnapshots); every change goes through the background,
 * which broadcasts it.
 */
import { sharedReadStore, sharedSnapshots, type ReadSnapshots, type ReadStore } from '../store/pages';

export const pageStore: () => Promise<ReadStore> = sharedReadStore();

/** The snapshots, as the options page and the popup read them (the background takes them). */
export const pageSnapshots: () => Promise<ReadSnapshots> = sharedSnapshots();
