import { describe, expect, it } from 'vitest';
import type { CallMessage } from '../domain/call/call.ts';
import { ManualClock, settle } from '../lib/clock.ts';
import { LiveTranscript } from './live-transcript.ts';

const msg = (content: string, at: number): CallMessage => ({
  role: 'user',
  content,
  start_ms: at,
  end_ms: at + 500,
});

/** A LiveTranscript over a ManualClock whose writes finish only when the test says so. */
function writer() {
  const clock = new ManualClock(0);
  const writes: { at: number; contents: string[]; done: () => void }[] = [];
  const errors: unknown[] = [];
  let failNext = false;
  const live = new LiveTranscript({
    clock,
    intervalMs: 250,
    save: (messages) => {
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error('store down'));
      }
      return new Promise<void>((done) =>
        writes.push({ at: clock.monotonic(), contents: messages.map((m) => m.content), done }),
      );
    },
    onError: (err) => errors.push(err),
  });
  return {
    clock,
    live,
    writes,
    errors,
    failOnce: () => {
      failNext = true;
    },
  };
}

describe('LiveTranscript', () => {
  it('writes the first message at once, without waiting in update', async () => {
    const { live, writes } = writer();
    live.update([msg('hello', 0)]);
    expect(writes).toHaveLength(0); // started after the current frame, never inside update
    await settle();
    expect(writes.map((w) => w.contents)).toEqual([['hello']]);
  });

  it('coalesces updates while a write is in flight and keeps one write per interval', async () => {
    const { clock, live, writes } = writer();
    live.update([msg('a', 0)]);
    await settle();
    live.update([msg('a', 0), msg('b', 10)]);
    live.update([msg('a', 0), msg('b', 10), msg('c', 20)]);
    await settle();
    expect(writes).toHaveLength(1); // the first is still in flight
    writes[0]!.done();
    await settle();
    expect(writes).toHaveLength(1); // finished early: the next waits for the interval
    await clock.advanceAsync(249);
    expect(writes).toHaveLength(1);
    await clock.advanceAsync(1);
    expect(writes.map((w) => [w.at, w.contents.length])).toEqual([
      [0, 1],
      [250, 3],
    ]);
  });

  it('never writes more than four times a second under a flood of messages', async () => {
    const { clock, live, writes } = writer();
    const list: CallMessage[] = [];
    for (let t = 0; t < 1000; t += 10) {
      list.push(msg(`m${t}`, t));
      live.update([...list]);
      for (const w of writes) w.done();
      await clock.advanceAsync(10);
    }
    for (const w of writes) w.done();
    await clock.advanceAsync(500);
    expect(writes.length).toBeLessThanOrEqual(5); // t = 0, 250, 500, 750, 1000
    expect(writes.at(-1)!.contents).toHaveLength(100); // nothing lost: the newest list went out
  });

  it('close drops what is unsent and waits for the write in flight', async () => {
    const { clock, live, writes } = writer();
    live.update([msg('a', 0)]);
    await settle();
    live.update([msg('a', 0), msg('b', 10)]);
    let closed = false;
    const closing = live.close().then(() => {
      closed = true;
    });
    await settle();
    expect(closed).toBe(false);
    writes[0]!.done();
    await closing;
    live.update([msg('late', 99)]);
    await clock.advanceAsync(1000);
    expect(writes).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('reports a failed write and carries on with the next list', async () => {
    const { clock, live, writes, errors, failOnce } = writer();
    failOnce();
    live.update([msg('a', 0)]);
    await settle();
    expect(errors).toHaveLength(1);
    live.update([msg('a', 0), msg('b', 10)]);
    await clock.advanceAsync(250);
    expect(writes.map((w) => w.contents)).toEqual([['a', 'b']]);
  });
});
