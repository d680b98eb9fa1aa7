/** What the options page says about sync, in words (issue #15). */
import type { SyncStatus } from '../model/sync-status';
import { formatBytes, formatDateTime } from '../text/format';
import { plural } from '../text/plural';

const count = (n: number) => n.toLocaleString('en');

/** "Sync is on · last synced … · 4,212 of 10,000 papers sync · 62 KB of 100 KB in 14 items". */
export function describeSync(status: SyncStatus): string[] {
  if (!status.enabled) return ['Sync is off. Changes stay on this device until you turn it on again; then they merge with what changed elsewhere.'];
  const lines = [
    [
      'Sync is on',
      status.activity === 'syncing' ? 'syncing now' : status.lastSyncAt ? `last synced ${formatDateTime(status.lastSyncAt)}` : 'not synced yet',
      status.saved === status.savedSynced ? `all ${plural(status.saved, 'paper')} sync` : `${count(status.savedSynced)} of ${count(status.saved)} papers sync`,
      `${formatBytes(status.bytes)} of ${formatBytes(status.quotaBytes)} of the browser’s sync storage in ${plural(status.items, 'item')}`,
    ].join(' · '),
  ];
  if (status.localOnly.length > 0) {
    lines.push(`The browser’s sync storage holds ${formatBytes(status.quotaBytes)} at most, so the ${plural(status.localOnly.length, 'paper')} you touched least recently stay on this device (listed below); they sync again when you change them.`);
  }
  if (status.longNotes.length > 0) lines.push(`Notes over ${count(status.noteLimit)} characters stay on this device: ${plural(status.longNotes.length, 'note')}.`);
  if (status.unreadable > 0) lines.push(`${plural(status.unreadable, 'record')} from another device could not be read (another version of Paperlight?) and ${status.unreadable === 1 ? 'was' : 'were'} left out.`);
  for (const refused of status.refusedRules) lines.push(`A rule from another device was not added here: ${refused}`);
  if (status.message) lines.push(status.message);
  return lines;
}
