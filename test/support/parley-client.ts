import { expect } from 'vitest';

/** JSON calls against a running Parley (a child process) with one key. */
export function parleyClient(baseUrl: string, key: string) {
  const json = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    json,
    /** POST expecting 201; returns the body. */
    create: async (path: string, body: unknown) => {
      const r = await json('POST', path, body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    },
    call: async (id: string) => (await json('GET', `/v1/calls/${id}`)).body,
  };
}

/** Poll `fn` every 100 ms until it returns a truthy value; fails after `timeoutMs` (real time). */
export async function eventually<T>(
  fn: () => Promise<T>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A keyless agent that waits long for the caller (sim calls stay live until the test ends them). */
export const patientAgent = {
  name: 'Patient',
  first_message: 'Hello, this is Parley.',
  silence_timeout_seconds: 300,
  max_duration_seconds: 600,
};

/** A sim callee that answers, says one line, then stays silent for a minute. */
export const quietCallee = {
  answer: 'human',
  script: [{ say: 'Hi there.', after_ms: 300 }, { silence_ms: 60_000 }],
};
