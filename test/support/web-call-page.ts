import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { build } from 'vite';
import { encodeWav } from '../../src/pipeline/audio/wav.ts';
import { chromiumPath } from './dashboard-browser.ts';

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Talk to agent</title></head>
<body><p id="state">idle</p>
<script type="module">
import { OneInbox } from '/sdk.js';
window.events = [];
window.startCall = async (key, baseUrl, agentId) => {
  const oi = new OneInbox(key, { baseUrl });
  window.oi = oi;
  oi.on('status', (s) => { window.events.push(['status', s]); document.getElementById('state').textContent = s; });
  oi.on('transcript', (t) => window.events.push(['transcript', t]));
  oi.on('ended', (e) => window.events.push(['ended', e]));
  oi.on('error', (e) => window.events.push(['error', e.message]));
  await oi.start(agentId);
  return oi.callId;
};
</script></body></html>`;

/**
 * A third-party page that uses the web SDK (built with Vite from web-sdk/src, like a customer's
 * bundle), served from its own origin, and the fake microphone file Chromium reads from.
 */
export async function webCallPage(): Promise<{ origin: string; dir: string; close: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-web-sdk-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: dir,
      emptyOutDir: false,
      minify: false,
      lib: { entry: path.resolve('web-sdk/src/index.ts'), formats: ['es'], fileName: () => 'sdk.js' },
    },
  });
  const files: Record<string, [string, string | Buffer]> = {
    '/': ['text/html', page],
    '/sdk.js': ['text/javascript', await fs.readFile(path.join(dir, 'sdk.js'))],
    '/audio-worklets.js': [
      'text/javascript',
      await fs.readFile(path.resolve('web-sdk/src/audio-worklets.js')),
    ],
  };
  const server = http.createServer((req, res) => {
    const f = files[req.url ?? ''];
    if (!f) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': f[0] }).end(f[1]);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    dir,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** A 16 kHz mono WAV: `leadMs` of silence, the speech, then `tailMs` of silence. */
export async function micFile(
  dir: string,
  speech16k: Int16Array,
  leadMs: number,
  tailMs: number,
): Promise<string> {
  const pcm = new Int16Array(((leadMs + tailMs) * 16000) / 1000 + speech16k.length);
  pcm.set(speech16k, (leadMs * 16000) / 1000);
  const file = path.join(dir, 'mic.wav');
  await fs.writeFile(file, encodeWav([pcm], 16000));
  return file;
}

/** Debian Chromium with a fake microphone reading `wav` once. */
export function launchWithMic(wav: string): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}%noloop`,
    ],
  });
}
