/**
 * "Talk to agent" in Debian Chromium with a fake microphone: the dashboard creates a web call
 * (POST /v1/calls/web), the web SDK streams the microphone to a real Parley (src/main.ts) whose
 * speech-to-text is a loopback Deepgram double, and the page shows the conversation live.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fliteSpeech } from '../../src/pipeline/testing/flite-speech.ts';
import { DeepgramDouble } from '../../src/providers/stt/testing/deepgram-double.ts';
import {
  buildDashboard,
  chromiumPath,
  collectConsoleErrors,
  screenshotDir,
  seedMigratedStore,
} from '../support/dashboard-browser.ts';
import { kill, scratchDatabase, startServer } from '../support/server-process.ts';
import { launchWithMic, micFile } from '../support/web-call-page.ts';

const hasChromium = existsSync(chromiumPath);
const key = `oi_sk_${randomBytes(24).toString('hex')}`;
const said = 'I would like a table for two tonight.';
/** The offline 16 kHz voice, so the call needs no text-to-speech provider. */
const sarah = 'vc_01kdvdna01z0fs6986z83eyn17';
let base: string;
let proc: ChildProcess | undefined;
let dataDir: string | undefined;
let db: Awaited<ReturnType<typeof scratchDatabase>>;
let deepgram: DeepgramDouble | undefined;
let browser: Browser | undefined;
let page: Page;
let consoleErrors: string[];

async function api<T = any>(method: string, p: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}

beforeAll(async () => {
  if (!hasChromium) return;
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-talk-'));
  db = await scratchDatabase();
  if (!db) await seedMigratedStore(dataDir);
  deepgram = await DeepgramDouble.start({ apiKey: 'dg-test', finalDelayMs: 50, endpointingMs: 300 });
  const { pcm } = await fliteSpeech(said, 'slt');
  const [server] = await Promise.all([
    startServer({
      PARLEY_DATA_DIR: dataDir,
      PARLEY_API_KEY: key,
      DEEPGRAM_API_KEY: 'dg-test',
      DEEPGRAM_BASE_URL: deepgram.baseUrl,
      ...(db ? { DATABASE_URL: db.url } : {}),
    }),
    buildDashboard(),
    // The microphone stays silent for 6 s (sign-in, page, greeting), then says one sentence.
    micFile(dataDir, pcm, 6000, 8000).then(async (wav) => (browser = await launchWithMic(wav))),
  ]);
  base = server.url;
  proc = server.proc;
  const context = await browser!.newContext({
    viewport: { width: 1280, height: 860 },
    permissions: ['microphone'],
  });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  consoleErrors = collectConsoleErrors(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (proc) await kill(proc, 'SIGTERM');
  await deepgram?.close();
  await db?.drop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)(
  'dashboard: talk to an agent (needs Debian Chromium: apt-get install -y chromium)',
  () => {
    it('runs a web call from the Talk page with a live transcript, mute and hang-up', {
      timeout: 60_000,
    }, async () => {
      const agent = await api('POST', '/v1/agents', {
        name: 'Host',
        first_message: 'Hi there, how can I help?',
        tts: { provider: 'flite', voice_id: sarah },
      });
      expect(agent.status, JSON.stringify(agent.body)).toBe(201);
      deepgram!.script(said);

      await page.goto(`${base}/talk?agent=${agent.body.id}`);
      await page.getByLabel('Secret API key').fill(key);
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Start call' }).click();
      const status = page.getByTestId('talk-status');
      await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe('Active');
      await page.getByRole('button', { name: 'Mute' }).click();
      await page.getByRole('button', { name: 'Unmute' }).click();

      const transcript = page.locator('.transcript');
      await expect.poll(() => transcript.textContent(), { timeout: 30_000 }).toContain(said);
      await expect.poll(() => page.locator('.msg-assistant').count(), { timeout: 15_000 }).toBeGreaterThan(1);
      await page.screenshot({
        path: path.join(await screenshotDir(), 'talk-live.png'),
        style: '.toasts { display: none; }',
      });

      await page.getByRole('button', { name: 'Hang up' }).click();
      await expect.poll(() => status.textContent()).toBe('Ended');
      const href = (await page.getByRole('link', { name: 'Open this call’s page' }).getAttribute('href'))!;
      const callId = href.split('/').pop()!;
      await expect
        .poll(async () => (await api('GET', `/v1/calls/${callId}`)).body.status, { timeout: 10_000 })
        .toBe('completed');
      const call = (await api('GET', `/v1/calls/${callId}`)).body;
      expect(call).toMatchObject({ type: 'web', end_reason: 'customer_hangup' });
      expect(
        call.messages.map((m: { role: string; content: string }) => `${m.role}: ${m.content}`),
      ).toContain(`user: ${said}`);
      expect(consoleErrors).toEqual([]);
    });
  },
);
