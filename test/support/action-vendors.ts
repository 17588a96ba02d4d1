import { expect } from 'vitest';
import type { Harness } from './harness.ts';

/** POST `body` to `path` in the default workspace (or with `key`), assert 201 and return the created resource. */
export async function created(
  h: Harness,
  path: string,
  body: Record<string, unknown>,
  key?: string,
): Promise<any> {
  const r = await h.json('POST', path, { body, ...(key ? { key } : {}) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

/** What the action tools report in a call record: its tool messages and `tool:<name>` latency events. */
export function actionTrail(call: { messages: { role: string }[]; latency: { events: { type: string }[] } }) {
  return {
    tools: call.messages.filter((m) => m.role === 'tool') as unknown as {
      name: string;
      arguments: unknown;
      result: any;
    }[],
    events: call.latency.events.filter((e) => e.type.startsWith('tool:')).map((e) => e.type),
  };
}
