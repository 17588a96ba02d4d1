/**
 * The dashboard in Debian Chromium against a real Parley (src/main.ts on a temp store): every page
 * driven through its UI, results checked through the public API, screenshots of each page.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildDashboard,
  chromiumPath,
  collectConsoleErrors,
  completedCallFixture,
  fixtureDeliveries,
  launchChromium,
  screenshotDir,
  seedMigratedStore,
  stereoWav,
} from '../support/dashboard-browser.ts';
import { kill, scratchDatabase, startServer } from '../support/server-process.ts';

const hasChromium = existsSync(chromiumPath);
// Browser steps on a shared 2-core machine: generous per-test time (each test sets its own where it waits longer).
vi.setConfig({ testTimeout: 30_000 });
const key = `oi_sk_${randomBytes(24).toString('hex')}`;
let base: string;
let proc: ChildProcess;
let dataDir: string;
let db: Awaited<ReturnType<typeof scratchDatabase>>;
let browser: Browser;
let page: Page;
let consoleErrors: string[];
let shots: string;
let receiver: http.Server;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
const ids: Record<string, string> = {};

async function api<T = any>(method: string, p: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A screenshot from the top of the page, without transient toasts. */
async function shot(name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shots, `${name}.png`), style: '.toasts { display: none; }' });
}

/** Range inputs cannot be typed into; set the value the way a drag would (an input event). */
async function setRange(label: string, value: number) {
  await page.getByLabel(label, { exact: true }).evaluate((el, v) => {
    const input = el as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(v));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

/** Poll a call until it ends (or `ms` pass); a call still queued after 6 s means no engine runs it. */
async function waitForCall(id: string, ms: number): Promise<any> {
  const deadline = Date.now() + ms;
  for (;;) {
    const { body } = await api('GET', `/v1/calls/${id}`);
    const age = Date.now() - new Date(body.created_at).getTime();
    if (body.status === 'completed' || body.status === 'failed') return body;
    if ((body.status === 'queued' && age > 6000) || Date.now() > deadline) return body;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function go(p: string) {
  await page.goto(`${base}${p}`);
  await page.locator('h1').first().waitFor();
}

beforeAll(async () => {
  if (!hasChromium) return;
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-dashboard-'));
  db = await scratchDatabase();
  if (!db) await seedMigratedStore(dataDir);
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  // The server reads web/dist per request, so it can start while the dashboard builds.
  const [server] = await Promise.all([
    startServer({
      PARLEY_DATA_DIR: dataDir,
      PARLEY_API_KEY: key,
      PARLEY_ALLOW_PRIVATE_URLS: 'true',
      ...(db ? { DATABASE_URL: db.url } : {}),
    }),
    buildDashboard(),
    launchChromium().then((b) => (browser = b)),
  ]);
  base = server.url;
  proc = server.proc;
  shots = await screenshotDir();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  page.setDefaultTimeout(8000);
  consoleErrors = collectConsoleErrors(page);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (proc) await kill(proc, 'SIGTERM');
  receiver?.close();
  await db?.drop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

// Without Debian Chromium the whole suite shows as skipped, with the install command in its name.
describe.skipIf(!hasChromium)('dashboard (needs Debian Chromium: apt-get install -y chromium)', () => {
  it('serves the app at / and leaves /v1 and /docs to the API', async () => {
    const index = await fetch(`${base}/calls/anything`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toContain('<div id="app">');
    const missing = await fetch(`${base}/v1/no-such-route`, { headers: { authorization: `Bearer ${key}` } });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('ROUTE_NOT_FOUND');
    expect((await fetch(`${base}/docs`)).headers.get('content-type')).toContain('text/html');
  });

  it('signs in with a secret key kept out of the URL, by keyboard, and shows the workspace', async () => {
    await page.goto(`${base}/agents`);
    await page.getByLabel('Secret API key').fill('oi_sk_wrong');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Invalid');
    await shot('sign-in');
    await page.getByLabel('Secret API key').fill(key);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('workspace-name').textContent()).toBe('default');
    expect(page.url()).not.toContain(key);
    const stored = await page.evaluate(() => JSON.stringify(sessionStorage));
    expect(stored).not.toContain(key); // exchanged for a session token
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
  });

  it('creates an agent with its model through the form', async () => {
    await go('/agents');
    await page.getByRole('link', { name: 'Create your first agent' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Front desk');
    await page.getByLabel('First message').fill('Hi {{customer_name}}, thanks for calling Acme!');
    await page.getByLabel('System prompt').fill('You are the front desk of Acme. Be brief.');
    await setRange('Temperature', 0.3);
    await page.getByRole('button', { name: 'Create agent' }).click();
    await page.waitForURL(/\/agents\/agt_/);
    ids.agent = page.url().split('/').pop()!;
    const agent = await api('GET', `/v1/agents/${ids.agent}`);
    expect(agent.body).toMatchObject({
      name: 'Front desk',
      first_message: 'Hi {{customer_name}}, thanks for calling Acme!',
    });
    const model = await api('GET', `/v1/models/${agent.body.llm_id}`);
    expect(model.body).toMatchObject({
      system_prompt: 'You are the front desk of Acme. Be brief.',
      temperature: 0.3,
    });
  }, 20_000);

  it('edits an agent: the 422 shows at the field, then the fix saves', async () => {
    await page.getByLabel('Maximum duration (seconds)').fill('10');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const fieldError = page.locator('.field-invalid .field-error').first();
    await expect.poll(() => fieldError.textContent()).toMatch(/30/);
    await page.getByLabel('Maximum duration (seconds)').fill('900');
    await page.locator('label', { hasText: 'Record calls' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Front desk (edited)');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('All changes saved').waitFor();
    expect((await api('GET', `/v1/agents/${ids.agent}`)).body).toMatchObject({
      name: 'Front desk (edited)',
      max_duration_seconds: 900,
      enable_recording: true,
    });
    // The default offline voice has a public preview the browser plays without a key.
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const stop = page.getByRole('button', { name: 'Stop', exact: true }); // playing (synthesised on first use)
    await stop.waitFor({ timeout: 15_000 });
    expect(await stop.getAttribute('aria-pressed')).toBe('true');
    await stop.click();
    await page.getByRole('button', { name: 'Preview', exact: true }).waitFor();
    await page.setViewportSize({ width: 1280, height: 1600 });
    await shot('agent-editor');
    await page.setViewportSize({ width: 1280, height: 860 });
  }, 20_000);

  it('creates a tool and attaches it to the agent’s model', async () => {
    await go('/tools');
    await page.getByRole('button', { name: 'New tool' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('check_inventory');
    await page.getByLabel('When to use it').fill('The caller asks whether a product is in stock');
    await page.getByLabel('URL').fill('https://api.example.com/inventory');
    await page.getByRole('button', { name: 'Add parameter' }).click();
    await page.getByLabel('Name 1').fill('sku');
    await page.getByLabel('Description 1').fill('Product SKU');
    await page.getByRole('button', { name: 'Create tool' }).click();
    await page.getByRole('button', { name: 'check_inventory' }).waitFor();
    await shot('tools');
    await go(`/agents/${ids.agent}`);
    await page.getByLabel(/check_inventory/).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('All changes saved').waitFor();
    const agent = await api('GET', `/v1/agents/${ids.agent}`);
    const model = await api('GET', `/v1/models/${agent.body.llm_id}`);
    expect(model.body.tool_ids).toHaveLength(1);
  }, 20_000);

  it('duplicates an agent with a copy of its model', async () => {
    await page.getByRole('button', { name: 'Duplicate' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/agents/agt_') && !u.pathname.endsWith(ids.agent!));
    const copy = await api('GET', `/v1/agents/${page.url().split('/').pop()}`);
    const original = await api('GET', `/v1/agents/${ids.agent}`);
    expect(copy.body.name).toBe('Front desk (edited) (copy)');
    expect(copy.body.llm_id).not.toBe(original.body.llm_id);
  }, 20_000);

  it('gets a sim number, routes inbound calls, and shows the 409 when deleting its agent', async () => {
    await go('/phone-numbers');
    await page.getByRole('button', { name: 'Get a number' }).first().click();
    await page.getByLabel('Carrier').selectOption('sim');
    await page.getByLabel('Agent', { exact: true }).selectOption(ids.agent!);
    await page.getByRole('button', { name: 'Search' }).click();
    await page
      .getByRole('list', { name: 'Available numbers' })
      .getByRole('button', { name: 'Buy' })
      .first()
      .click();
    await page.getByRole('button', { name: 'Edit' }).first().click();
    const copyId = (await api('GET', '/v1/agents?limit=10')).body.items.find((a: any) =>
      a.name.endsWith('(copy)'),
    ).id;
    await page.getByLabel('Fallback agent').selectOption(copyId);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(
        async () =>
          (await api('GET', '/v1/phone-numbers')).body.items[0]?.inbound_routing?.fallback?.agent_id,
      )
      .toBe(copyId);
    ids.number = (await api('GET', '/v1/phone-numbers')).body.items[0].phone_number;
    await shot('phone-numbers');
    await go(`/agents/${ids.agent}`);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    const err = page.getByTestId('confirm-error');
    await expect.poll(() => err.textContent()).toContain('still in use');
    expect(await err.textContent()).toContain('phn_');
    await page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).last().click();
    expect((await api('GET', `/v1/agents/${ids.agent}`)).status).toBe(200);
  }, 25_000);

  it('uploads a knowledge-base file with progress and watches the job complete', async () => {
    await go('/knowledge-bases');
    await page.getByRole('button', { name: 'Upload a source' }).first().click();
    await page.getByLabel('File').setInputFiles({
      name: 'opening-hours.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Acme is open Monday to Friday, 9am to 5pm. Parking is free.\n'.repeat(40)),
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.waitForURL(/\/knowledge-bases\/kb_/);
    const jobs = page.getByTestId('kb-jobs');
    await expect.poll(() => jobs.textContent(), { timeout: 15_000 }).toMatch(/Completed|Failed/);
    expect(await jobs.textContent()).toContain('Completed');
    await shot('knowledge-base');
  }, 25_000);

  it('creates a webhook, sends a test event and shows the delivery', async () => {
    await go('/webhooks');
    await page.getByRole('button', { name: 'New webhook' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('CRM sync');
    await page
      .getByLabel('URL')
      .fill(`http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`);
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.waitForURL(/\/webhooks\/wh_/);
    await page.getByRole('button', { name: 'Send test event' }).click();
    const log = page.getByTestId('deliveries');
    await expect.poll(() => log.textContent()).toContain('webhook.test');
    expect(await log.textContent()).toContain('Succeeded');
    expect(received.at(-1)?.headers['webhook-signature']).toMatch(/^v1,/);
    await shot('webhook');
  }, 20_000);

  it('adds a workspace outcome, an integration and keys shown once', async () => {
    await go('/outcomes');
    await page.getByRole('button', { name: 'New outcome' }).click();
    await page.getByLabel('Label').fill('Demo scheduled');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('demo_scheduled').waitFor();
    await shot('outcomes');

    await go('/integrations');
    await page.getByRole('button', { name: 'Add integration' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('Team OpenAI');
    await page.getByLabel('API key').fill('sk-test-1234567890abcdef');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Team OpenAI').waitFor();
    expect(await page.content()).not.toContain('sk-test-1234567890abcdef');
    await shot('integrations');

    await go('/keys');
    await page.getByRole('button', { name: 'New secret key' }).click();
    await page.getByLabel('Name', { exact: true }).fill('CI');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('secret-value').textContent())!;
    expect(secret).toMatch(/^oi_sk_/);
    const me = await fetch(`${base}/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByRole('button', { name: 'New publishable key' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Website');
    await page.getByLabel('Allowed origins').fill('https://www.example.com');
    await page.getByRole('button', { name: 'Create key' }).click();
    expect(await page.getByTestId('secret-value').textContent()).toMatch(/^oi_pk_/);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByText('https://www.example.com').waitFor();
    expect(await page.content()).not.toContain(secret);
    await shot('keys');
  }, 25_000);

  it('starts a simulated call from the script editor and watches it', async () => {
    await go(`/simulate?agent=${ids.agent}`);
    await page.getByRole('button', { name: 'Remove step 2' }).click();
    await page.getByRole('button', { name: 'Add step' }).click();
    await page.getByLabel('Step 3 kind').selectOption('dtmf');
    await page.getByLabel('Step 3 keys').fill('1');
    await page.getByRole('button', { name: 'Move step 3 up' }).click();
    await page.getByRole('button', { name: 'Start simulated call' }).click();
    const live = page.getByTestId('live-call');
    await live.waitFor();
    const href = await live.getByRole('link', { name: 'Open call page' }).getAttribute('href');
    ids.call = href!.split('/').pop()!;
    const call = await api('GET', `/v1/calls/${ids.call}`);
    expect(call.body).toMatchObject({ agent_id: ids.agent, from_number: ids.number, direction: 'outbound' });
    expect(call.body.metadata.sim.script).toEqual([
      { say: 'Hi, I would like to know your opening hours.', after_ms: 600 },
      { dtmf: '1' },
      { hangup: true },
    ]);
    // The transcript grows while the call is live (the server writes each finished message).
    let seen = { lines: 0, live: false, caller: false };
    await expect
      .poll(
        async () => {
          seen = await live.evaluate((el) => ({
            lines: el.querySelectorAll('.msg').length,
            live: el.querySelector('.live-dot') !== null,
            caller: el.querySelector('.msg-user') !== null,
          }));
          return seen.caller || !seen.live;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(seen).toMatchObject({ live: true, caller: true });
    expect(seen.lines).toBeGreaterThanOrEqual(2); // the greeting, then the caller
    await shot('simulate');
  }, 45_000);

  it('changes the outcome on the call page: 422 inline for a bad label, then saved', async () => {
    await go(`/calls/${ids.call}`);
    await page.getByLabel('Set outcome').fill('Not Valid!');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('outcome-error').textContent())
      .toMatch(/outcome|lowercase|pattern/i);
    await page.getByLabel('Set outcome').fill('interested');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('call-outcome').textContent()).toBe('Interested');
    expect((await api('GET', `/v1/calls/${ids.call}`)).body.outcome).toBe('interested');
  }, 20_000);

  it('filters the calls table and pages with the cursor', async () => {
    await go('/calls?type=web');
    await page.getByText('No calls match these filters').waitFor();
    await go('/calls?outcome=interested');
    await page.getByRole('link', { name: /\d{4}/ }).first().waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await go('/calls');
    await shot('calls');
  }, 20_000);

  it('renders a completed call: transcript, stereo waveform with seek, latency chart, cost', async () => {
    const wav = stereoWav(
      20,
      [
        [1.1, 2.1],
        [3.4, 4.3],
      ],
      [
        [0, 0.9],
        [2.6, 3.6],
        [4.6, 5.2],
      ],
    );
    const fixture = completedCallFixture(
      'call_fixture0000000000000000',
      ids.agent!,
      `${base}/fixture/recording.wav`,
    );
    await page.route('**/v1/calls/call_fixture0000000000000000', (r) => r.fulfill({ json: fixture }));
    await page.route('**/v1/calls/call_fixture0000000000000000/webhook-deliveries', (r) =>
      r.fulfill({ json: { items: fixtureDeliveries() } }),
    );
    await page.route('**/fixture/recording.wav', (r) => r.fulfill({ body: wav, contentType: 'audio/wav' }));
    await go('/calls/call_fixture0000000000000000');
    await page.locator('.waveform svg').waitFor();
    expect(await page.locator('.msg').count()).toBe(6);
    expect(await page.getByText('Interrupted').count()).toBe(1);
    expect(await page.locator('.latency svg g > title').count()).toBe(3); // one stacked bar per turn
    await page.getByRole('button', { name: 'Play from 0:02.6' }).click();
    await expect
      .poll(() => page.getByTestId('recording-audio').evaluate((a) => (a as HTMLAudioElement).currentTime))
      .toBeGreaterThan(2.5);
    await expect.poll(() => page.locator('.msg-playing').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Pause recording' }).click();
    await page.getByRole('slider', { name: 'Recording position' }).focus();
    await page.keyboard.press('Home');
    expect(
      await page.getByTestId('recording-audio').evaluate((a) => (a as HTMLAudioElement).currentTime),
    ).toBe(0);
    await page.setViewportSize({ width: 1280, height: 1250 });
    await shot('call');
    await page.setViewportSize({ width: 1280, height: 860 });
    const deliveries = page.locator('section[aria-labelledby="deliveries-title"]');
    expect(await deliveries.locator('tbody tr').count()).toBe(2);
    expect(await deliveries.textContent()).toContain('https://crm.example.com/calls/hook (call)');
    await page.unroute('**/v1/calls/call_fixture0000000000000000');
    await page.unroute('**/v1/calls/call_fixture0000000000000000/webhook-deliveries');
  }, 20_000);

  it('shows the simulated call once it ran: transcript, recording, latency', async () => {
    const call = await waitForCall(ids.call!, 45_000);
    expect(call.status, JSON.stringify(call)).toBe('completed');
    await go(`/calls/${ids.call}`);
    await page.locator('.msg').first().waitFor();
    expect(await page.locator('.msg-user').count()).toBeGreaterThan(0);
    await page.locator('.waveform svg').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Play recording' }).click();
    await expect
      .poll(() => page.getByTestId('recording-audio').evaluate((a) => (a as HTMLAudioElement).currentTime))
      .toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Pause recording' }).click();
    expect(await page.locator('.latency svg g > title').count()).toBeGreaterThan(0);
    // This call's deliveries (GET /v1/calls/{id}/webhook-deliveries) to the webhook made earlier.
    const deliveries = page.locator('section[aria-labelledby="deliveries-title"]');
    await expect.poll(() => deliveries.textContent(), { timeout: 15_000 }).toContain('call.ended');
    expect(await deliveries.textContent()).toContain('/hook');
    await page.setViewportSize({ width: 1280, height: 1250 });
    await shot('call-sim');
    await page.setViewportSize({ width: 1280, height: 860 });
  }, 70_000);

  it('shows usage and the remaining pages without errors', async () => {
    const daily = page.waitForResponse((r) => r.url().includes('/v1/usage/daily?days=30'));
    await go('/usage');
    expect((await daily).status()).toBe(200);
    const series = (await api('GET', '/v1/usage/daily?days=30')).body;
    const calls = series.items.reduce((n: number, d: { calls: number }) => n + d.calls, 0);
    expect(calls).toBeGreaterThan(0);
    expect(await page.getByRole('img', { name: /^Calls per day/ }).getAttribute('aria-label')).toBe(
      `Calls per day: total ${calls}`,
    );
    for (const [p, name, ready] of [
      ['/usage', 'usage', '.barchart'],
      ['/agents', 'agents', 'tbody tr'],
      ['/talk', 'talk', '.talk-controls'],
    ] as const) {
      await go(p);
      await page.locator(ready).first().waitFor();
      await shot(name);
    }
    // This browser has no microphone (the integrations step added an OpenAI key, so the server accepts the call).
    await page.getByRole('button', { name: 'Start call' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('No microphone was found');
  }, 20_000);

  it('is usable at phone width: no sideways scroll, menu by keyboard', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const p of ['/agents', `/agents/${ids.agent}`, '/calls', '/knowledge-bases', '/simulate']) {
      await go(p);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, p).toBeLessThanOrEqual(0);
    }
    await go('/calls');
    await page.locator('tbody tr').first().waitFor();
    await shot('calls-phone');
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.focus();
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.waitForTimeout(250); // the drawer slides in
    await shot('menu-phone');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents' }).click();
    await page.waitForURL(/\/agents$/);
    // The drawer closes on the route change, a render after the URL changes.
    await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false');
    await page.setViewportSize({ width: 1280, height: 860 });
  }, 20_000);

  it('signs out, and had no console errors on the way', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Secret API key').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    // The only error lines allowed are the browser's own notes about the 4xx answers this test provoked.
    const unexpected = consoleErrors.filter(
      (e) => !/Failed to load resource: the server responded with a status of (400|401|409|422)/.test(e),
    );
    expect(unexpected).toEqual([]);
  });
});
