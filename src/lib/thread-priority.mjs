// Worker threads doing bulk work (VAD inference, embedded-store queries) run below the event loop.
import { setPriority } from 'node:os';

/** Their nice value: when threads outnumber cores, the loop that paces call audio is scheduled first. */
export const workerNice = 10;

/** Lower the calling thread's priority. Only on Linux, where nice is per thread (elsewhere it would slow the whole process). */
export function lowerThisThreadPriority() {
  if (process.platform !== 'linux') return;
  try {
    setPriority(workerNice);
  } catch {
    // Not permitted here (a sandbox): the thread keeps its priority.
  }
}
