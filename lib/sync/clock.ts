/**
 * Hybrid logical clocks (Kulkarni et al.): a clock is the wall time in ms, a counter for events
 * within the same ms (or while the wall clock lags behind a clock seen from another device), and
 * the device that made it. Every synced field carries the clock of its last write; the newer clock
 * wins a merge. Encoded as fixed-width text, so clocks compare as strings and pack small:
 * 9 base-36 digits of ms, 3 of counter, then the device's 4-character id.
 */

export type Clock = string;

export interface ClockState {
  /** The newest wall time this device has seen (its own or another device's). */
  time: number;
  counter: number;
  /** This device's id: 4 base-36 characters. */
  node: string;
}

const TIME_DIGITS = 9;
const COUNTER_DIGITS = 3;
const COUNTER_MAX = 36 ** COUNTER_DIGITS - 1;
export const NODE_PATTERN = /^[0-9a-z]{4}$/;
export const CLOCK_PATTERN = /^[0-9a-z]{16}$/;
/** A clock from another device further ahead than this is not believed as the time: a device
 * whose wall clock is wrong would otherwise drag every device's clocks into the future. */
const MAX_DRIFT = 24 * 60 * 60 * 1000;

export function encodeClock(time: number, counter: number, node: string): Clock {
  return time.toString(36).padStart(TIME_DIGITS, '0') + counter.toString(36).padStart(COUNTER_DIGITS, '0') + node;
}

/** The wall time (ms) a clock was made at. */
export function clockTime(clock: Clock): number {
  return parseInt(clock.slice(0, TIME_DIGITS), 36);
}

export function newNode(random: () => number = Math.random): string {
  let node = '';
  for (let i = 0; i < 4; i++) node += Math.floor(random() * 36).toString(36);
  return node;
}

/** The clock for a local event at `now`, and the state after it. */
export function tick(state: ClockState, now: number): { clock: Clock; state: ClockState } {
  const time = Math.max(state.time, now);
  let counter = time === state.time ? state.counter + 1 : 0;
  let next = time;
  // Thousands of events in one ms: borrow the next ms rather than overflow the counter.
  if (counter > COUNTER_MAX) {
    next = time + 1;
    counter = 0;
  }
  const after = { time: next, counter, node: state.node };
  return { clock: encodeClock(next, counter, state.node), state: after };
}

/** The state after seeing `remote` (a clock another device made), so that this device's next
 * clock is newer than everything it has seen. */
export function observe(state: ClockState, remote: Clock, now: number): ClockState {
  const remoteTime = clockTime(remote);
  if (!(remoteTime <= now + MAX_DRIFT)) return state;
  const remoteCounter = parseInt(remote.slice(TIME_DIGITS, TIME_DIGITS + COUNTER_DIGITS), 36);
  const time = Math.max(state.time, remoteTime, now);
  let counter = 0;
  if (time === state.time && time === remoteTime) counter = Math.max(state.counter, remoteCounter) + 1;
  else if (time === state.time) counter = state.counter + 1;
  else if (time === remoteTime) counter = remoteCounter + 1;
  if (counter > COUNTER_MAX) return { time: time + 1, counter: 0, node: state.node };
  return { time, counter, node: state.node };
}

/** A clock standing for an event at `time` whose exact moment is not known (a library that existed
 * before sync: its records' dates), older than any clock made since. */
export function clockAt(time: number, node: string): Clock {
  return encodeClock(Math.max(0, Math.floor(time)), 0, node);
}
