import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fliteSpeech } from '../../src/pipeline/testing/flite-speech.ts';
import { createPhoneHarness, type PhoneHarness } from '../support/phone-calls.ts';
import { launchWithMic, micFile, webCallPage } from '../support/web-call-page.ts';

let h: PhoneHarness;
let site: Awaited<ReturnType<typeof webCallPage>>;
let browser: Browser;
const said = 'I would like a table for two tonight.';

beforeAll(async () => {
  [h, site] = await Promise.all([createPhoneHarness(), webCallPage()]);
  const { pcm } = await fliteSpeech(said, 'slt');
  browser = await launchWithMic(await micFile(site.dir, pcm, 4000, 12_000));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await h?.close();
});

describe('a web call from a browser page (publishable key, built-in WebSocket transport)', {
  timeout: 60_000,
}, () => {
  it('connects, hears the caller through the microphone and completes with the caller’s turn in messages', async () => {
    const agent = await h.agent([{ text: 'Table for two tonight, booked.' }], { first_message: 'Hi there.' });
    const key = await h.json('POST', '/v1/publishable-keys', {
      body: { name: 'Site', allowed_origins: [site.origin] },
    });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    h.deepgram.script(said);
    const context = await browser.newContext({ permissions: ['microphone'] });
    const page = await context.newPage();
    await page.goto(site.origin);
    const callId = await page.evaluate(([k, base, a]) => (window as any).startCall(k, base, a), [
      key.body.key,
      h.publicUrl,
      agent,
    ] as const);
    expect(callId).toMatch(/^call_/);
    await page.waitForFunction(
      () =>
        (window as any).events.some(
          (e: any[]) => e[0] === 'transcript' && e[1].role === 'assistant' && /booked/.test(e[1].content),
        ),
      undefined,
      { timeout: 40_000 },
    );
    await page.evaluate(() => (window as any).oi.hangUp());
    const call = await h.ended(callId);
    const events: any[] = await page.evaluate(() => (window as any).events);
    await context.close();
    expect(call).toMatchObject({ type: 'web', status: 'completed', end_reason: 'customer_hangup' });
    // The fake microphone starts with the page's getUserMedia, so on a slow machine the caller may speak during the greeting.
    const turns = call.messages.map((m: { role: string; content: string }) => `${m.role}: ${m.content}`);
    expect(turns).toContain('assistant: Hi there.');
    expect(turns.slice(turns.indexOf(`user: ${said}`))).toEqual([
      `user: ${said}`,
      'assistant: Table for two tonight, booked.',
    ]);
    const states = events.filter((e) => e[0] === 'status').map((e) => e[1]);
    expect(states).toEqual(['connecting', 'active', 'ended']);
    expect(events).toContainEqual(['transcript', { role: 'user', content: said, final: true }]);
    expect(events.filter((e) => e[0] === 'error')).toEqual([]);
  });

  it('refuses a page origin the publishable key does not allow (403 ORIGIN_NOT_ALLOWED, readable by the page)', async () => {
    const agent = await h.agent([]);
    const key = await h.json('POST', '/v1/publishable-keys', {
      body: { name: 'Other site', allowed_origins: ['https://shop.example'] },
    });
    const context = await browser.newContext({ permissions: ['microphone'] });
    const page = await context.newPage();
    await page.goto(site.origin);
    const error = await page.evaluate(
      ([k, base, a]) =>
        (window as any).startCall(k, base, a).then(
          () => 'started',
          (e: Error) => e.message,
        ),
      [key.body.key, h.publicUrl, agent] as const,
    );
    await context.close();
    expect(error).toMatch(/origin/i);
  });
});

describe('the web-call stream endpoint refuses bad participant tokens', { timeout: 30_000 }, () => {
  const join = async (token: string) => {
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(`${h.publicUrl.replace('http', 'ws')}/v1/web-calls/stream`);
    const messages: any[] = [];
    ws.on('message', (d, binary) => !binary && messages.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'start', token }));
    const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
    return { code, messages };
  };

  it('1008 with UNAUTHORIZED for a forged token', async () => {
    const { code, messages } = await join('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad');
    expect(code).toBe(1008);
    expect(messages).toEqual([
      { type: 'error', code: 'UNAUTHORIZED', message: 'Invalid participant token.' },
    ]);
  });

  it('a participant token works once: a second join is refused', async () => {
    const agent = await h.agent([]);
    const created = await h.json('POST', '/v1/calls/web', { body: { agent_id: agent } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { default: WebSocket } = await import('ws');
    const first = new WebSocket(created.body.server_url);
    const ready = new Promise<any>((r) => first.on('message', (d, b) => !b && r(JSON.parse(String(d)))));
    await new Promise((r) => first.once('open', r));
    first.send(JSON.stringify({ type: 'start', token: created.body.participant_token }));
    expect(await ready).toMatchObject({ type: 'ready', call_id: created.body.id });
    const second = await join(created.body.participant_token);
    expect(second.code).toBe(1008);
    expect(second.messages[0]).toMatchObject({ type: 'error', code: 'UNAUTHORIZED' });
    first.close();
    expect(await h.ended(created.body.id)).toMatchObject({
      status: 'completed',
      end_reason: 'customer_hangup',
    });
  });
});
