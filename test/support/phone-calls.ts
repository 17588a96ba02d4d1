import fs from 'node:fs/promises';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { expect } from 'vitest';
import type { ProviderSource } from '../../src/calls/call-providers.ts';
import { loadConfig } from '../../src/config/config.ts';
import { newId } from '../../src/domain/ids.ts';
import { offlineVoiceId } from '../../src/domain/voice/catalogue.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { Resampler } from '../../src/pipeline/audio/resampler.ts';
import { fliteSpeech } from '../../src/pipeline/testing/flite-speech.ts';
import { SileroVadModel } from '../../src/pipeline/vad/silero-model.ts';
import { FakeLlm, type FakeLlmReply } from '../../src/providers/llm/fake-llm.ts';
import { ProviderRegistry } from '../../src/providers/registry.ts';
import { DataDirRecordingStore } from '../../src/providers/storage/data-dir-recording-store.ts';
import { DeepgramDouble } from '../../src/providers/stt/testing/deepgram-double.ts';
import { TelnyxVoiceDouble } from '../../src/providers/telephony/testing/telnyx-voice-double.ts';
import { TwilioVoiceDouble } from '../../src/providers/telephony/testing/twilio-voice-double.ts';
import { createHarness, type Harness } from './harness.ts';
import { nextNumber } from './phone-numbers.ts';
import { freePort } from './server-process.ts';
import { ScriptedLlms } from './sim-calls.ts';

export interface PhoneHarness extends Harness {
  publicUrl: string;
  twilio: TwilioVoiceDouble;
  telnyx: TelnyxVoiceDouble;
  deepgram: DeepgramDouble;
  /** An agent whose LLM replies are scripted; returns its id. */
  agent(replies: FakeLlmReply[], body?: Record<string, unknown>, toolIds?: string[]): Promise<string>;
  /** A number of the default workspace on `carrier`, routed to `agentId`. */
  number(carrier: 'twilio' | 'telnyx', agentId: string, extra?: Record<string, unknown>): Promise<string>;
  /** Place an outbound call over the API. */
  place(agentId: string, from: string, extra?: Record<string, unknown>): Promise<any>;
  /** Wait until the call reached a terminal status, then return it (GET over the API). */
  ended(callId: string, timeoutMs?: number): Promise<any>;
  /** Caller speech at 8 kHz (flite `kal`). */
  speech(text: string): Promise<Int16Array>;
}

let seq = 0;

/**
 * A Parley server over a real HTTP port (API, carrier callbacks and media WebSockets) whose calls run
 * on the real engine in real time: Twilio and Telnyx voice doubles as the carriers, a Deepgram double
 * as speech-to-text, scripted LLMs, and the offline flite voice.
 */
export async function createPhoneHarness(): Promise<PhoneHarness> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-phone-'));
  const [twilio, telnyx, deepgram] = await Promise.all([
    TwilioVoiceDouble.start(),
    TelnyxVoiceDouble.start(),
    DeepgramDouble.start({ apiKey: 'dg-test', finalDelayMs: 50, endpointingMs: 300 }),
  ]);
  const env = {
    PARLEY_DATA_DIR: dataDir,
    PARLEY_PUBLIC_URL: publicUrl,
    PARLEY_ALLOW_PRIVATE_URLS: 'true',
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_API_BASE_URL: twilio.url,
    TELNYX_API_KEY: telnyx.apiKey,
    TELNYX_API_BASE_URL: telnyx.url,
    TELNYX_PUBLIC_KEY: telnyx.publicKeyBase64,
    DEEPGRAM_API_KEY: 'dg-test',
    DEEPGRAM_BASE_URL: deepgram.baseUrl,
  };
  const config = loadConfig({ ...env, NODE_ENV: 'test' });
  const registry = new ProviderRegistry({ providers: config.providers, clock: systemClock, fliteWorkers: 1 });
  const llms = new ScriptedLlms();
  const providers: ProviderSource = {
    llm: (sel) => (sel.provider === 'openai' ? llms : registry.llm(sel)),
    stt: (sel) => registry.stt(sel),
    tts: (sel) => registry.tts(sel),
  };
  const vad = await SileroVadModel.load();
  const h = await createHarness({
    env,
    engine: { vad, providers, recordings: new DataDirRecordingStore(dataDir), clock: systemClock },
  });
  const server = serve({ fetch: h.app.fetch, port, hostname: '127.0.0.1' });
  h.core.transports.media.attach(server as Server);
  const catchUp = () => {
    const lag = Date.now() + 1000 - h.clock.now();
    if (lag > 0) h.clock.advance(lag);
  };
  return {
    ...h,
    publicUrl,
    twilio,
    telnyx,
    deepgram,
    agent: async (replies, body = {}, toolIds = []) => {
      const model = `scripted-${++seq}`;
      llms.byModel.set(model, new FakeLlm({ clock: systemClock, ttftMs: 50, chunkIntervalMs: 10, replies }));
      const m = await h.json('POST', '/v1/models', {
        body: {
          name: 'Phone test model',
          provider: 'openai',
          model,
          system_prompt: 'Test.',
          tool_ids: toolIds,
        },
      });
      expect(m.status, JSON.stringify(m.body)).toBe(201);
      const a = await h.json('POST', '/v1/agents', {
        body: {
          name: 'Phone agent',
          llm_id: m.body.id,
          tts: { provider: 'flite', voice_id: offlineVoiceId },
          silence_timeout_seconds: 30,
          ...body,
        },
      });
      expect(a.status, JSON.stringify(a.body)).toBe(201);
      return a.body.id;
    },
    number: async (carrier, agentId, extra = {}) => {
      const phone = nextNumber(carrier === 'twilio' ? '+1415555' : '+1312555');
      const stored = await h.core.phoneNumberRepo.insert(h.orgId, {
        id: newId('phoneNumber', Date.now()),
        phone_number: phone,
        friendly_name: null,
        provider: carrier,
        agent_id: agentId,
        status: 'active',
        inbound_trunk_id: null,
        outbound_trunk_id: null,
        dispatch_rule_id: null,
        inbound_routing: null,
        credential_id: null,
        provider_config: null,
        purchased: false,
        carrier_number_id: null,
        carrier_connection_id: carrier === 'telnyx' ? '1494404757140276705' : null,
        encrypted_sip_password: null,
        ...extra,
      });
      if (!stored) throw new Error('number not stored');
      return phone;
    },
    place: async (agentId, from, extra = {}) => {
      catchUp();
      const r = await h.json('POST', '/v1/calls', {
        body: { agent_id: agentId, from_number: from, to_number: '+14155550199', ...extra },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    },
    ended: async (callId, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await h.core.engine?.runner.settled(callId);
        const r = await h.json('GET', `/v1/calls/${callId}`);
        if (r.body.status === 'completed' || r.body.status === 'failed') return r.body;
        if (Date.now() > deadline) throw new Error(`call ${callId} still ${r.body.status}`);
        await new Promise((res) => setTimeout(res, 100));
      }
    },
    speech: async (text) => {
      const s = await fliteSpeech(text, 'kal');
      return s.sampleRate === 8000 ? s.pcm : new Resampler(s.sampleRate, 8000).process(s.pcm).slice();
    },
    close: async () => {
      await h.core.engine?.runner.close();
      h.core.transports.media.close();
      await new Promise((r) => server.close(r));
      await Promise.all([twilio.close(), telnyx.close(), deepgram.close()]);
      await registry.close();
      await vad.close();
      await h.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
