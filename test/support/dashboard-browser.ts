import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

/** Debian Chromium (apt-get install chromium), as .ci/run installs it. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** `npm start` builds the dashboard in prestart; tests start src/main.ts directly, so build here (no-op when current). */
export async function buildDashboard(): Promise<void> {
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/build-web.ts', '--strict'], {
    cwd: path.resolve('.'),
  });
}

/** Start the embedded store from the suite's migrated PGlite template (skips a fresh initdb, ~20 s on a busy machine). */
export async function seedMigratedStore(dataDir: string): Promise<void> {
  const pg = path.join(dataDir, 'pg');
  await fs.mkdir(pg, { recursive: true });
  await promisify(execFile)('tar', ['xzf', inject('pgliteTemplate'), '-C', pg]);
}

/** Every console error and uncaught exception of a page, for a "no console errors" assertion. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} @ ${m.location().url}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return errors;
}

/**
 * Screenshots go to docs/screenshots when UPDATE_SCREENSHOTS=1 (then commit them), else to a temp
 * dir, so ordinary runs never rewrite tracked files.
 */
export async function screenshotDir(): Promise<string> {
  const dir = process.env.UPDATE_SCREENSHOTS
    ? path.resolve('docs/screenshots')
    : path.join(os.tmpdir(), 'parley-dashboard-screenshots');
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

/** A stereo 16-bit PCM WAV: the caller (left) and the agent (right) speak in turns, as tone bursts. */
export function stereoWav(seconds: number, left: [number, number][], right: [number, number][]): Buffer {
  const rate = 8000;
  const frames = Math.round(seconds * rate);
  const data = Buffer.alloc(frames * 4);
  const on = (spans: [number, number][], t: number) => spans.some(([a, b]) => t >= a && t < b);
  for (let i = 0; i < frames; i++) {
    const t = i / rate;
    const l = on(left, t)
      ? Math.round(9000 * Math.sin(2 * Math.PI * 220 * t) * (0.6 + 0.4 * Math.sin(t * 9)))
      : 0;
    const r = on(right, t)
      ? Math.round(9000 * Math.sin(2 * Math.PI * 330 * t) * (0.6 + 0.4 * Math.sin(t * 7)))
      : 0;
    data.writeInt16LE(l, i * 4);
    data.writeInt16LE(r, i * 4 + 2);
  }
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(2, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 4, 28);
  h.writeUInt16LE(4, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/**
 * A completed call in the documented Call shape (reference §3.9 + decisions §4): messages with
 * timestamps, an interruption and a tool call, per-turn latency events, cost breakdown, a recording.
 * Used to render the call page until the call engine produces such calls on a sim number.
 */
export function completedCallFixture(id: string, agentId: string, recordingUrl: string) {
  const now = Date.now();
  return {
    id,
    agent_id: agentId,
    type: 'outbound',
    status: 'completed',
    direction: 'outbound',
    from_number: '+15555550100',
    to_number: '+15555550123',
    room_name: null,
    twilio_call_sid: null,
    scheduled_at: null,
    variables: { customer_name: 'Sam' },
    metadata: { source: 'fixture' },
    overrides: {},
    webhook_url: 'https://crm.example.com/calls/hook',
    started_at: new Date(now - 60_000).toISOString(),
    ended_at: new Date(now - 54_000).toISOString(),
    duration_seconds: 6,
    end_reason: 'agent_hangup',
    outcome: 'appointment_booked',
    messages: [
      {
        role: 'assistant',
        content: 'Hi Sam, thanks for calling Acme. How can I help?',
        start_ms: 0,
        end_ms: 900,
      },
      { role: 'user', content: 'I would like to book a demo for Tuesday.', start_ms: 1100, end_ms: 2100 },
      {
        role: 'tool',
        content: 'Booked',
        name: 'book_meeting',
        arguments: { day: 'Tuesday' },
        result: { ok: true },
        start_ms: 2300,
        end_ms: 2500,
      },
      {
        role: 'assistant',
        content: 'Done! You are booked for Tuesday at',
        start_ms: 2600,
        end_ms: 3600,
        interrupted: true,
      },
      { role: 'user', content: 'Perfect, thanks, bye.', start_ms: 3400, end_ms: 4300 },
      { role: 'assistant', content: 'Goodbye!', start_ms: 4600, end_ms: 5200 },
    ],
    transcript: [],
    recording_url: recordingUrl,
    ai_summary: 'Sam booked a product demo for Tuesday.',
    analysis: {
      outcome: 'appointment_booked',
      summary: 'Demo booked.',
      outcome_source: 'analysis',
      extracted_data: { qualify_lead: { budget: 500, timeline: 'this month' } },
    },
    latency: {
      e2e: {
        avg_ms: 690,
        p50_ms: 660,
        p90_ms: 820,
        p99_ms: 840,
        min_ms: 560,
        max_ms: 840,
        samples: 3,
        provider: null,
      },
      stt: {
        avg_ms: 110,
        p50_ms: 105,
        p90_ms: 130,
        p99_ms: 130,
        min_ms: 90,
        max_ms: 130,
        samples: 3,
        provider: 'deepgram',
      },
      events: [
        { turn: 1, type: 'eou_delay', ms: 300 },
        { turn: 1, type: 'stt', ms: 90 },
        { turn: 1, type: 'llm_ttft', ms: 180 },
        { turn: 1, type: 'tts_ttfb', ms: 90 },
        { turn: 1, type: 'e2e', ms: 660 },
        { turn: 2, type: 'eou_delay', ms: 280 },
        { turn: 2, type: 'stt', ms: 105 },
        { turn: 2, type: 'tool:book_meeting', ms: 140 },
        { turn: 2, type: 'llm_ttft', ms: 210 },
        { turn: 2, type: 'tts_ttfb', ms: 85 },
        { turn: 2, type: 'e2e', ms: 840 },
        { turn: 3, type: 'eou_delay', ms: 260 },
        { turn: 3, type: 'stt', ms: 130 },
        { turn: 3, type: 'kb', ms: 40 },
        { turn: 3, type: 'llm_ttft', ms: 150 },
        { turn: 3, type: 'tts_ttfb', ms: 80 },
        { turn: 3, type: 'e2e', ms: 560 },
      ],
      connect: {
        setup_ms: 120,
        dispatch_to_answer_ms: 2100,
        answer_to_active_ms: 40,
        active_to_greeting_ms: 350,
      },
    },
    credits_used: 0.1,
    cost_cents: 1.9,
    cost_breakdown: [
      { item: 'carrier', quantity: 0.1, unit: 'minute', unit_price_cents: 1.4, cents: 0.14 },
      { item: 'llm', quantity: 820, unit: 'token', unit_price_cents: 0.0015, cents: 1.23 },
      { item: 'tts', quantity: 180, unit: 'character', unit_price_cents: 0.003, cents: 0.54 },
    ],
    error_message: null,
    created_at: new Date(now - 61_000).toISOString(),
    updated_at: new Date(now - 50_000).toISOString(),
  };
}

/** The fixture call's webhook deliveries: one to a workspace webhook, one to the call's own `webhook_url`. */
export function fixtureDeliveries() {
  const at = new Date(Date.now() - 53_000).toISOString();
  const base = { response_body: 'ok', error: null, next_retry_at: null, created_at: at, completed_at: at };
  return [
    {
      ...base,
      id: 'dlv_fixture00000000000000000a',
      webhook_id: 'wh_fixture0000000000000000000',
      target_url: 'https://hooks.example.com/parley',
      event: 'call.ended',
      status: 'succeeded',
      attempt: 1,
      response_status: 200,
    },
    {
      ...base,
      id: 'dlv_fixture00000000000000000b',
      webhook_id: null,
      target_url: 'https://crm.example.com/calls/hook',
      event: 'call.ended',
      status: 'failed',
      attempt: 3,
      response_status: 500,
    },
  ];
}
