import type { CallRecord, CallRepo } from '../domain/call/call.ts';
import type { CallLifecycle } from '../domain/call/call-lifecycle.ts';
import type { CallProgressRepo } from '../domain/call/call-progress.ts';
import type { EndReason } from '../domain/call/call-status.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { WorkTracker } from '../lib/virtual-clock.ts';
import { type CallResult, CallSession } from '../pipeline/call-session.ts';
import type { EndReason as EngineEndReason } from '../pipeline/frames.ts';
import type { FrameObserver } from '../pipeline/processor.ts';
import { renderTemplate } from '../pipeline/template.ts';
import type { KnowledgeSearch } from '../pipeline/tools/knowledge-tool.ts';
import type { HttpFetch, ToolTypeExecutor } from '../pipeline/tools/tool-runner.ts';
import type { VadModel } from '../pipeline/vad/vad-model.ts';
import type { CallLeg, DialOutcome } from '../providers/telephony/call-leg.ts';
import { LiveMessages } from './call-observers.ts';
import { type CallPlan, type CallPlanner, CallSetupError } from './call-plan.ts';
import { callProviders, type ProviderSource } from './call-providers.ts';
import { LiveTranscript } from './live-transcript.ts';

/** Everything one call's run uses; built once by the composition root. */
export interface CallRunDeps {
  calls: CallRepo;
  progress: CallProgressRepo;
  planner: CallPlanner;
  providers: ProviderSource;
  /** Already wrapped with the work tracker. */
  vad: VadModel;
  clock: Clock;
  /** Real work (store, recordings, tools, knowledge) the clock must wait for; identity in real time. */
  track: WorkTracker;
  /** For api_call tools (with the SSRF guard). */
  fetch: HttpFetch;
  logger: Logger;
  /** Post-call side: `call.started`, slots, `call.finalize`. */
  lifecycle: CallLifecycle;
  /** Runners for the action tool types of one call (compose-actions.ts); absent = those tools answer "not supported". */
  toolExecutors?:
    | ((call: CallRecord, variables: Record<string, unknown>) => Partial<Record<string, ToolTypeExecutor>>)
    | undefined;
}

/** How the call ended, before it is written down. */
export interface Ending {
  reason: EndReason;
  error: string | null;
  result?: CallResult;
  outcome?: string;
}

/** Reasons only the carrier or the platform produce; the engine hangs up for them as for a stop. */
const platformOnly: ReadonlySet<EndReason> = new Set([
  'no_answer',
  'busy',
  'dial_failed',
  'server_restart',
  'cancelled',
]);

/** The engine's name for hanging up for `reason` (reasons it has no word for are a hang-up from our side). */
function engineReason(reason: EndReason): EngineEndReason {
  return platformOnly.has(reason) ? 'api_stop' : (reason as EngineEndReason);
}

class DialError extends Error {
  constructor(cause: unknown) {
    super(`The call could not be placed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** An inbound call routed to the number's voicemail message instead of an agent (metadata set by routing). */
export function voicemailRoute(call: CallRecord): string | undefined {
  const m = call.metadata;
  return m.inbound_route === 'voicemail' && typeof m.voicemail_message === 'string'
    ? m.voicemail_message
    : undefined;
}

/**
 * One call from dial to hang-up: plan it, connect its leg, run a CallSession over the leg's
 * transport, and report how it ended. Status moves through `CallRepo` only; a stop at any point
 * ends it with that reason; any failure ends it instead of leaving it hanging.
 */
export class CallRun {
  private session: CallSession | undefined;
  private stopReason: EndReason | undefined;
  private onStop: ((reason: EndReason) => void) | undefined;
  private readonly stopped: Promise<EndReason>;
  private plan: CallPlan | undefined;
  private transcript: LiveTranscript | undefined;

  constructor(
    private readonly call: CallRecord,
    private readonly leg: CallLeg,
    private readonly d: CallRunDeps,
  ) {
    this.stopped = new Promise((r) => {
      this.onStop = r;
    });
  }

  /** Whether the agent wanted the recording kept (known once planned). */
  get recordingEnabled(): boolean {
    return this.plan?.config.enableRecording ?? false;
  }

  /** End the call with `reason` now (a hang-up from our side). */
  async stop(reason: EndReason): Promise<void> {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.onStop?.(reason);
    await this.session?.stop(engineReason(reason));
  }

  /** How the call ended; once it resolves, no live transcript write is pending (the final record wins). */
  async run(): Promise<Ending | undefined> {
    try {
      return await this.talk();
    } catch (e) {
      if (e instanceof CallSetupError) return { reason: e.reason, error: e.message };
      this.d.logger.error({ err: e, callId: this.call.id }, 'call failed');
      return { reason: 'error', error: `Call engine error: ${(e as Error).message ?? String(e)}` };
    } finally {
      await this.transcript?.close();
    }
  }

  private async talk(): Promise<Ending | undefined> {
    const { call, d } = this;
    const dispatchedAt = d.clock.monotonic();
    const voicemail = voicemailRoute(call);
    // An inbound call no agent could take: the caller hears busy.
    if (call.metadata.inbound_route === 'busy')
      return {
        reason: 'busy',
        error: String(call.metadata.inbound_refused ?? 'No agent could take the call.'),
      };
    const plan = await d.track(
      voicemail === undefined ? d.planner.plan(call) : d.planner.planOrDefault(call),
    );
    this.plan = plan;
    const leg = this.leg;
    const providers = callProviders(plan, d.providers, leg.stt);
    if (this.stopReason) return this.cancel(leg, this.stopReason);
    const detectMachine = voicemail === undefined && (plan.agent?.voicemail_detection ?? false);
    const dialled = leg.connect({ detectMachine }).catch((e: unknown) => new DialError(e));
    const outcome = await Promise.race([dialled, this.stopped]);
    // The carrier could not place the call (refused, unreachable): `dial_failed`, with its reason.
    if (outcome instanceof DialError) return { reason: 'dial_failed', error: outcome.message };
    if (typeof outcome === 'string') return this.cancel(leg, outcome);
    if (outcome.kind !== 'answered') return { reason: outcome.kind, error: null };
    const answeredAt = d.clock.monotonic();
    const at = new Date(d.clock.now()).toISOString();
    const live = await d.track(
      d.calls.transition(call.org_id, call.id, 'in_progress', { field: 'answered_at', at }),
    );
    // Ended meanwhile (a stop that raced the answer): hang up and leave the record as it is.
    if (!live) return void (await leg.cancel(engineReason(this.stopReason ?? 'api_stop')));
    await d.track(d.lifecycle.connected(live));
    const message =
      voicemail === undefined
        ? this.machineMessage(plan, outcome)
        : renderTemplate(voicemail, plan.config.variables);
    if (message !== undefined && !message.trim()) {
      await leg.cancel('voicemail');
      return { reason: 'voicemail', error: null, outcome: 'voicemail' };
    }
    const config = message === undefined ? plan.config : { ...plan.config, firstMessage: message };
    const transcript = this.liveTranscript(live);
    const observers: FrameObserver[] = [
      new LiveMessages((m, i, all) => {
        void d.track(d.lifecycle.message(live, m, i));
        transcript.update(all);
      }),
      ...(leg.observers ?? []),
    ];
    const session = new CallSession(config, {
      clock: d.clock,
      transport: leg.transport,
      observers,
      vad: d.vad,
      providers,
      voice: plan.voice,
      fetch: (url, init) => d.track(d.fetch(url, init)),
      ...(plan.knowledge ? { knowledge: this.trackedKnowledge(plan.knowledge) } : {}),
      // A message-only call (voicemail) hangs up once the message has played.
      ...(message !== undefined ? { hangUpAfterGreeting: 'voicemail' as const } : {}),
      ...(d.toolExecutors ? { toolExecutors: d.toolExecutors(call, plan.config.variables) } : {}),
      timeline: { dispatchedAt, answeredAt },
    });
    this.session = session;
    if (this.stopReason) await session.stop(engineReason(this.stopReason));
    else await session.start();
    const result = await session.result;
    // A stop's own reason wins over the engine's word for it (e.g. server_restart).
    const reason = this.stopReason ?? result.end_reason;
    const ending: Ending = { reason, error: result.error_message, result };
    if (voicemail === undefined && message !== undefined && result.end_reason === 'voicemail')
      ending.outcome = 'voicemail';
    return ending;
  }

  /** What to leave on an answering machine: the agent's voicemail message (empty = hang up at once). */
  private machineMessage(plan: CallPlan, outcome: DialOutcome): string | undefined {
    if (outcome.kind !== 'answered' || outcome.by !== 'machine' || !plan.agent?.voicemail_detection)
      return undefined;
    return renderTemplate(plan.agent?.voicemail_message ?? '', plan.config.variables);
  }

  /** The call record's `messages` kept current while the call runs (throttled, off the audio path). */
  private liveTranscript(call: CallRecord): LiveTranscript {
    const { d } = this;
    this.transcript = new LiveTranscript({
      clock: d.clock,
      save: (messages) => d.track(d.progress.saveLiveMessages(call.org_id, call.id, messages)),
      onError: (err) => d.logger.warn({ err, callId: call.id }, 'live transcript write failed'),
    });
    return this.transcript;
  }

  /** Searches are real work the call's clock must wait for. */
  private trackedKnowledge(kb: KnowledgeSearch): KnowledgeSearch {
    return { name: kb.name, definition: kb.definition, search: (q, s) => this.d.track(kb.search(q, s)) };
  }

  private async cancel(leg: CallLeg, reason: EndReason): Promise<Ending> {
    await leg.cancel(engineReason(reason));
    return { reason, error: null };
  }
}
