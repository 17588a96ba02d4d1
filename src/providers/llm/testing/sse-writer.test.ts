import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { SseWriter } from './sse-writer.ts';

/** A response that records what was written, and a pause that records what it was asked to wait. */
function recorder() {
  const log: string[] = [];
  const res = {
    writeHead: () => res,
    write: (chunk: string) => log.push(`write ${chunk.trim().split('\n').join(' | ')}`),
  } as unknown as ServerResponse;
  const wait = async (ms: number) => {
    log.push(`wait ${ms}`);
  };
  return { log, writer: new SseWriter(res, { firstMs: 200, intervalMs: 20 }, wait) };
}

describe('SseWriter pacing', () => {
  it('sends a leading role event with the first token, at firstMs, and later tokens every intervalMs', async () => {
    const { log, writer } = recorder();
    await writer.send({ role: 'assistant' }, undefined, true);
    await writer.send({ content: 'Hi' });
    await writer.send({ content: ' there' });
    expect(log).toEqual([
      'wait 200',
      'write data: {"role":"assistant"}',
      'wait 0',
      'write data: {"content":"Hi"}',
      'wait 20',
      'write data: {"content":" there"}',
    ]);
  });

  it('lets several lead events (message_start, content_block_start, ping) go with the first delta', async () => {
    const { log, writer } = recorder();
    for (const type of ['message_start', 'content_block_start', 'ping'])
      await writer.send({ type }, type, true);
    await writer.send({ type: 'content_block_delta' }, 'content_block_delta');
    await writer.send({ type: 'content_block_delta' }, 'content_block_delta');
    expect(log.filter((l) => l.startsWith('wait'))).toEqual([
      'wait 200',
      'wait 0',
      'wait 0',
      'wait 0',
      'wait 20',
    ]);
    expect(log[1]).toBe('write event: message_start | data: {"type":"message_start"}');
  });

  it('waits firstMs for the first event even when nothing leads it', async () => {
    const { log, writer } = recorder();
    await writer.send({ content: 'a' });
    await writer.send({ content: 'b' });
    expect(log.filter((l) => l.startsWith('wait'))).toEqual(['wait 200', 'wait 20']);
  });
});
