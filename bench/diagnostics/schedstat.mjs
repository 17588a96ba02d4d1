// The calling thread's scheduler counters, read without allocating a new file handle each time.
import fs from 'node:fs';

/** A reader of this thread's [run ns, runqueue-wait ns, timeslices] (call it on the thread it measures). */
export function threadSchedstat() {
  const fd = fs.openSync('/proc/thread-self/schedstat', 'r');
  const buf = Buffer.alloc(128);
  return () =>
    buf
      .toString('latin1', 0, fs.readSync(fd, buf, 0, 128, 0))
      .trim()
      .split(' ')
      .map(Number);
}

/** Milliseconds to one decimal. */
export const ms = (v) => Math.round(v * 10) / 10;
