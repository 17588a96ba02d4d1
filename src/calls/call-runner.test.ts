import { describe, expect, it } from 'vitest';
import type { Agent } from '../domain/agent/agent.ts';
import type { CallRecord, CallRepo, TransitionStamp } from '../domain/call/call.ts';
import type { CallLifecycle } from '../domain/call/call-lifecycle.ts';
import type { CallProgressRepo } from '../domain/call/call-progress.ts';
import { type CallStatus, canTransition, endStatus } from '../domain/call/call-status.ts';
import type { LlmModel } from '../domain/llm-model/llm-model.ts';
import { platformVoices } from '../domain/voice/catalogue.ts';
import { ManualClock, settle } from '../lib/clock.ts';
import { silentLogger } from '../lib/logger.ts';
import type { CallLeg, DialOutcome } from '../providers/telephony/call-leg.ts';
import { CallPlanner } from './call-plan.ts';
import { CallRunner } from './call-runner.ts';

const flite = platformVoices[0]!;

/** The call store, in memory, moving status only as the state machine allows. */
function memoryCalls(call: CallRecord) {
  const log: string[] = [];
  const repo = {
    get: async () => call,
    transition: async (_o: string, _id: string, to: CallStatus, stamp?: TransitionStamp) => {
      if (!canTransition(call.status, to)) return undefined;
      call.status = to;
      log.push(`status:${to}`);
      if (stamp) log.push(stamp.field);
      return { ...call };
    },
    end: async (
      _o: string,
      _id: string,
      reason: CallRecord['end_reason'],
      f: { error_message?: string | null },
    ) => {
      const to = endStatus(reason!, call.status);
      if (!to) return undefined;
      Object.assign(call, { status: to, end_reason: reason, error_message: f.error_message ?? null });
      log.push(`end:${to}/${reason}`);
      return { ...call };
    },
  } as unknown as CallRepo;
  const progress: CallProgressRepo = {
    saveLiveMessages: async () => {},
    saveOutcome: async (_o, _id, f) =>
      void log.push(`outcome:duration=${f.duration_seconds},credits=${f.credits_used}`),
    hasFreeSlot: async () => true,
  };
  const lifecycle: CallLifecycle = {
    connected: async () => void log.push('lifecycle:connected'),
    message: async () => {},
    ended: async () => void log.push('lifecycle:ended'),
  };
  return { repo, progress, lifecycle, log };
}

function runner(connect: () => Promise<DialOutcome>) {
  const call = {
    id: 'call_01jd8x2k3m4n5p6q7r8s9t0v1w',
    org_id: 'org_1',
    agent_id: 'agt_1',
    type: 'outbound',
    direction: 'outbound',
    status: 'queued',
    carrier: 'test',
    variables: {},
    metadata: {},
    overrides: {},
  } as unknown as CallRecord;
  const m = memoryCalls(call);
  const cancelled: string[] = [];
  const leg: CallLeg = {
    transport: {} as CallLeg['transport'],
    connect,
    cancel: async (reason) => void cancelled.push(reason),
  };
  const agent = {
    id: 'agt_1',
    llm_id: 'llm_1',
    dynamic_variables: {},
    end_call_phrases: [],
    transcriber: { provider: 'deepgram', model: 'nova-3', language: 'en' },
    tts: { provider: 'flite', voice_id: flite.id, credential_id: null, speed: 1, stability: 0.5 },
    speed: 1,
  } as unknown as Agent;
  const model = {
    id: 'llm_1',
    provider: 'offline',
    model: 'parley-offline-brain',
    system_prompt: '',
    temperature: 0.7,
    max_tokens: null,
    tool_ids: [],
    knowledge_base_ids: [],
    credential_id: null,
  } as unknown as LlmModel;
  const planner = new CallPlanner({
    agent: async () => agent,
    model: async () => model,
    tool: async () => {
      throw new Error('no tools');
    },
    voice: async () => ({ ...flite, org_id: null, preview_url: null, credential_id: null, created_at: '' }),
    credential: async () => {
      throw new Error('no credentials');
    },
    workspaceCredential: async () => undefined,
  });
  const r = new CallRunner({
    calls: m.repo,
    progress: m.progress,
    planner,
    providers: { llm: () => ({}) as never, stt: () => ({}) as never, tts: () => ({}) as never },
    vad: {} as never,
    clock: new ManualClock(0),
    track: (p) => p,
    fetch: () => Promise.reject(new Error('offline')),
    logger: silentLogger(),
    lifecycle: m.lifecycle,
    carriers: { test: () => leg },
    recordings: { put: async () => 'k', get: async () => undefined },
  });
  return { r, call, log: m.log, cancelled };
}

describe('CallRunner', () => {
  it('a carrier that cannot place the call ends it failed/dial_failed with its reason', async () => {
    const { r, call, log } = runner(() => Promise.reject(new Error('carrier answered 403: number blocked')));
    await r.launch(call);
    await r.settled(call.id);
    expect(call).toMatchObject({
      status: 'failed',
      end_reason: 'dial_failed',
      error_message: 'The call could not be placed: carrier answered 403: number blocked',
    });
    expect(log).toEqual([
      'status:initiated',
      'started_at',
      'outcome:duration=0,credits=0',
      'end:failed/dial_failed',
      'lifecycle:ended',
    ]);
  });

  it('writes the record before the terminal status, and tells the lifecycle after', async () => {
    const { r, call, log } = runner(async () => ({ kind: 'busy' }));
    await r.launch(call);
    await r.settled(call.id);
    expect(log.indexOf('outcome:duration=0,credits=0')).toBeLessThan(log.indexOf('end:failed/busy'));
    expect(log.at(-1)).toBe('lifecycle:ended');
  });

  it('a stop while connecting hangs up the leg and ends the call with the stop’s reason', async () => {
    const { r, call, log, cancelled } = runner(() => new Promise<DialOutcome>(() => {}));
    await r.launch(call);
    await settle();
    expect(r.liveCount).toBe(1);
    await r.stop(call.id, 'api_stop');
    expect(cancelled).toEqual(['api_stop']);
    expect(call).toMatchObject({ status: 'failed', end_reason: 'api_stop' });
    expect(log).toContain('lifecycle:ended');
    expect(r.liveCount).toBe(0);
  });

  it('a call already taken by another launch is left alone', async () => {
    const { r, call, log } = runner(async () => ({ kind: 'busy' }));
    call.status = 'initiated';
    await r.launch(call);
    expect(log).toEqual([]);
    expect(r.liveCount).toBe(0);
  });

  it('refuses a carrier it has no leg for, with a message that says what to use', async () => {
    const { r, call } = runner(async () => ({ kind: 'busy' }));
    await expect(r.launch({ ...call, carrier: 'plivo' })).rejects.toThrow(
      /Calls on plivo numbers cannot be placed/,
    );
  });
});
