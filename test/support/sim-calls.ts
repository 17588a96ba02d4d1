import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { type ProviderSource, trackedProviders } from '../../src/calls/call-providers.ts';
import { loadConfig } from '../../src/config/config.ts';
import { VirtualClock } from '../../src/lib/virtual-clock.ts';
import { SileroVadModel } from '../../src/pipeline/vad/silero-model.ts';
import { FakeLlm, type FakeLlmOptions, type FakeLlmReply } from '../../src/providers/llm/fake-llm.ts';
import type { Llm, LlmChunk, LlmRequest } from '../../src/providers/llm/llm.ts';
import { ProviderRegistry } from '../../src/providers/registry.ts';
import { DataDirRecordingStore } from '../../src/providers/storage/data-dir-recording-store.ts';
import type { SimEvent } from '../../src/providers/telephony/sim/sim-line.ts';
import { createHarness, type Harness } from './harness.ts';

/**
 * LLM provider `openai` for scenario tests: each model name (`scripted-N`) is its own FakeLlm with
 * scripted replies and fixed latencies on the calls' virtual clock.
 */
export class ScriptedLlms implements Llm {
  readonly provider = 'openai';
  readonly capabilities = { streaming: true, tools: true };
  readonly byModel = new Map<string, FakeLlm>();
  chat(req: LlmRequest, signal: AbortSignal): AsyncIterable<LlmChunk> {
    const llm = this.byModel.get(req.model);
    if (!llm) throw new Error(`no scripted LLM for model ${req.model}`);
    return llm.chat(req, signal);
  }
}

export interface SimHarness extends Harness {
  vclock: VirtualClock;
  /** A scripted LLM: create a model with `provider: 'openai', model` to use it. */
  scriptLlm(
    replies: FakeLlmReply[],
    opts?: Omit<FakeLlmOptions, 'replies' | 'clock'>,
  ): { model: string; llm: FakeLlm };
  /** An agent (over the API) whose model is `model` on provider `provider` (default: the keyless defaults). */
  agent(
    body?: Record<string, unknown>,
    model?: { provider: string; model: string; tool_ids?: string[] },
  ): Promise<string>;
  /** A sim number bought over the API, routed to `agentId`. */
  simNumber(agentId: string, extra?: Record<string, unknown>): Promise<{ id: string; phone_number: string }>;
  /** Place a call with `metadata.sim` over the API; returns the created call. */
  place(agentId: string, sim: unknown, extra?: Record<string, unknown>): Promise<any>;
  /** Wait until the call's run has finished and been written, then GET it over the API. */
  finished(callId: string): Promise<any>;
  /** Let virtual time pass (100 ms steps) until `cond` holds; fails after 60 s of call time. */
  until(cond: () => Promise<boolean> | boolean): Promise<void>;
  /** What happened on the sim line of a call. */
  line(callId: string): readonly SimEvent[];
  recordingsDir: string;
}

let seq = 0;

/** Move the API's manual clock up to wall-clock time. */
function catchUp(h: Harness): void {
  const lag = Date.now() + 1000 - h.clock.now();
  if (lag > 0) h.clock.advance(lag);
}

/** A harness whose calls run on the real engine over the sim carrier, in virtual time. */
export async function createSimHarness(): Promise<SimHarness> {
  const vclock = new VirtualClock(Date.now());
  const recordingsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-sim-'));
  const config = loadConfig({ PARLEY_DATA_DIR: recordingsDir, NODE_ENV: 'test' });
  const registry = new ProviderRegistry({ providers: config.providers, clock: vclock, fliteWorkers: 1 });
  const tracked = trackedProviders(registry, vclock.hold);
  const llms = new ScriptedLlms();
  const providers: ProviderSource = {
    llm: (sel) => (sel.provider === 'openai' ? llms : tracked.llm(sel)),
    stt: (sel) => tracked.stt(sel),
    tts: (sel) => tracked.tts(sel),
  };
  const vad = await SileroVadModel.load();
  // Start the offline voice's workers now, not during the first call.
  await registry.warmOfflineVoice();
  const h = await createHarness({
    env: { PARLEY_DATA_DIR: recordingsDir, PARLEY_ALLOW_PRIVATE_URLS: 'true' },
    engine: {
      vad,
      providers,
      recordings: new DataDirRecordingStore(recordingsDir),
      clock: vclock,
      track: vclock.hold,
    },
  });
  vclock.start();
  const engine = h.core.engine!;
  const sh: SimHarness = {
    ...h,
    vclock,
    recordingsDir,
    scriptLlm: (replies, opts = {}) => {
      const model = `scripted-${++seq}`;
      const llm = new FakeLlm({ clock: vclock, ttftMs: 200, chunkIntervalMs: 20, ...opts, replies });
      llms.byModel.set(model, llm);
      return { model, llm };
    },
    agent: async (body = {}, model) => {
      let llm_id: string | undefined;
      if (model) {
        const m = await h.json('POST', '/v1/models', {
          body: { name: 'Scenario model', system_prompt: 'You are a test agent.', ...model },
        });
        expect(m.status, JSON.stringify(m.body)).toBe(201);
        llm_id = m.body.id;
      }
      const r = await h.json('POST', '/v1/agents', {
        body: { name: 'Scenario agent', ...(llm_id ? { llm_id } : {}), ...body },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id;
    },
    simNumber: async (agentId, extra = {}) => {
      const r = await h.json('POST', '/v1/phone-numbers/purchase', {
        body: { provider: 'sim', agent_id: agentId, ...extra },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    },
    place: async (agentId, sim, extra = {}) => {
      const from = await sh.simNumber(agentId);
      // Call ids (and so created_at) carry wall-clock time; slots admit calls created up to the API clock's now.
      catchUp(h);
      const r = await h.json('POST', '/v1/calls', {
        body: {
          agent_id: agentId,
          from_number: from.phone_number,
          to_number: '+14155550199',
          metadata: { sim },
          ...extra,
        },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    },
    finished: async (callId) => {
      await engine.runner.settled(callId);
      const r = await h.json('GET', `/v1/calls/${callId}`);
      expect(r.status).toBe(200);
      return r.body;
    },
    until: async (cond) => {
      for (let t = 0; t < 60_000; t += 100) {
        if (await cond()) return;
        await new Promise<void>((r) => vclock.setTimeout(r, 100));
      }
      throw new Error('condition not reached within 60 s of call time');
    },
    line: (callId) => engine.sim.recent(callId)?.events ?? [],
    close: async () => {
      await engine.runner.close();
      await vclock.stop();
      await registry.close();
      await vad.close();
      await h.close();
      await fs.rm(recordingsDir, { recursive: true, force: true });
    },
  };
  return sh;
}
