import type { Clock } from '../lib/clock.ts';
import { ProviderError } from '../providers/errors.ts';
import { Resampler } from './audio/resampler.ts';
import { CallClock, MediaClock } from './call-clock.ts';
import type { CallConfig } from './call-config.ts';
import { buildStages, type CallProviders, type CallStages } from './call-pipeline.ts';
import { CallWatch } from './call-watch.ts';
import type { EndReason, Frame } from './frames.ts';
import { type CallLatency, LatencyObserver } from './observers/latency.ts';
import { type CallMessage, MessagesObserver } from './observers/messages.ts';
import { ProviderWarmer } from './observers/provider-warmer.ts';
import { RecordingObserver } from './observers/recording.ts';
import { Pipeline } from './pipeline.ts';
import type { FrameObserver } from './processor.ts';
import type { TtsVoice } from './processors/tts.ts';
import { AgentToolRunner } from './tools/agent-tools.ts';
import { type KnowledgeSearch, KnowledgeToolRunner } from './tools/knowledge-tool.ts';
import type { HttpFetch, ToolRunner, ToolTypeExecutor } from './tools/tool-runner.ts';
import type { CallTransport } from './transport.ts';
import type { VadModel } from './vad/vad-model.ts';

export interface CallSessionDeps {
  clock: Clock;
  transport: CallTransport;
  /** Shared by every call of the process. */
  vad: VadModel;
  providers: CallProviders;
  /** Provider-native voice for `config.tts.voiceId`. */
  voice: TtsVoice;
  /** For api_call tools (the composition root passes one with the SSRF guard). */
  fetch: HttpFetch;
  /** Runners for further tool types (send_sms, send_email, schedule_calendar_event). */
  toolExecutors?: Partial<Record<string, ToolTypeExecutor>>;
  /** The model's knowledge bases when they are over the token budget: offered as search_knowledge_base. */
  knowledge?: KnowledgeSearch;
  /**
   * A message-only call (a voicemail): speak `config.firstMessage`, then hang up with this reason
   * once it has played (at once when there is no message). The caller's words are transcribed but
   * never answered.
   */
  hangUpAfterGreeting?: EndReason;
  /** Monotonic clock times of the call's setup, for `latency.connect`. */
  timeline?: { dispatchedAt?: number; answeredAt?: number };
  /** Spoken after the first silence timeout. */
  reminderText?: string;
  /** A reply with no audio for this long ends the call as a provider failure (default 30 s). */
  replyTimeoutMs?: number;
  /** Extra observers (live events, a simulated caller timing its lines against the agent's speech). */
  observers?: FrameObserver[];
}

/** How a call went, for the call record (decisions §4). */
export interface CallResult {
  status: 'completed' | 'failed';
  end_reason: EndReason;
  error_message: string | null;
  duration_seconds: number;
  messages: CallMessage[];
  latency: CallLatency;
  /** Stereo PCM16 WAV (caller left, agent right); null unless the agent records. */
  recording: { sampleRate: number; wav: Uint8Array } | null;
  /** `analysis.extracted_data`: extract_information results by tool name. */
  extracted_data: Record<string, Record<string, unknown>>;
  transferred_to: string | null;
  output: { frames_sent: number; underruns: number };
}

const failing: ReadonlySet<EndReason> = new Set(['provider_error', 'error']);
const stageNames: Record<string, string> = { stt: 'Speech-to-text', llm: 'LLM', tts: 'Text-to-speech' };

/** One live call: builds its pipeline from the resolved config, runs it, and reports a CallResult when it ends. */
export class CallSession {
  readonly result: Promise<CallResult>;
  private resolve!: (r: CallResult) => void;
  private readonly time: CallClock;
  private readonly media = new MediaClock();
  private stages!: CallStages;
  private pipeline!: Pipeline;
  private readonly messages = new MessagesObserver();
  private readonly latency = new LatencyObserver();
  private recording: RecordingObserver | undefined;
  private watch!: CallWatch;
  private inputResampler: Resampler | undefined;
  private readonly extracted: Record<string, Record<string, unknown>> = {};
  private maxTimer: ReturnType<Clock['setTimeout']> | undefined;
  private ending = false;
  private transferredTo: string | null = null;
  private activeMs = 0;

  constructor(
    readonly config: CallConfig,
    private readonly deps: CallSessionDeps,
  ) {
    this.time = new CallClock(deps.clock);
    this.result = new Promise((r) => {
      this.resolve = r;
    });
  }

  /** Build the pipeline, attach the transport, greet. Call once, when the call is answered. */
  async start(): Promise<void> {
    const { deps, config } = this;
    const agentTools = new AgentToolRunner(config.tools, {
      fetch: deps.fetch,
      clock: deps.clock,
      variables: config.variables,
      control: {
        endCall: (reason) => this.endAfterSpeech(reason),
        transfer: (to) => this.transferAfterSpeech(to),
      },
      extracted: { put: (name, data) => (this.extracted[name] = data) },
      ...(deps.toolExecutors ? { executors: deps.toolExecutors } : {}),
    });
    const tools: ToolRunner = deps.knowledge
      ? new KnowledgeToolRunner(agentTools, deps.knowledge)
      : agentTools;
    this.stages = buildStages({
      config,
      transport: deps.transport,
      time: this.time,
      vad: deps.vad,
      providers: deps.providers,
      voice: deps.voice,
      tools,
      ...(deps.hangUpAfterGreeting ? { answers: false } : {}),
    });
    const s = this.stages;
    if (config.enableRecording) this.recording = new RecordingObserver(s.sampleRate);
    this.watch = new CallWatch({
      time: this.time,
      silenceTimeoutMs: config.silenceTimeoutSeconds * 1000,
      replyTimeoutMs: deps.replyTimeoutMs ?? 30_000,
      onReminder: () =>
        s.llm.say(deps.reminderText ?? 'Are you still there?', {
          allowInterruptions: true,
          source: 'reminder',
        }),
      onSilenceTimeout: () => void this.end('silence_timeout'),
      onReplyStalled: () =>
        void this.end(
          'provider_error',
          'No reply from the LLM or text-to-speech provider within the reply timeout.',
        ),
      onGreetingAudio: (atMs) =>
        this.latency.setConnect({ active_to_greeting_ms: Math.round(atMs - this.activeMs) }),
    });
    const warmer = new ProviderWarmer([s.llm, s.tts]);
    const observers: FrameObserver[] = [
      this.messages,
      this.latency,
      this.watch,
      warmer,
      ...(this.recording ? [this.recording] : []),
    ];
    observers.push(...(deps.observers ?? []));
    this.pipeline = new Pipeline([s.vad, s.stt, s.turn, s.llm, s.tts, s.output], {
      observers,
      onUpstream: (f) => this.onUpstream(f),
    });
    if (deps.transport.inputSampleRate !== s.sampleRate)
      this.inputResampler = new Resampler(deps.transport.inputSampleRate, s.sampleRate);
    deps.transport.attach({
      audio: (pcm, agoMs) => this.onAudio(pcm, agoMs ?? 0),
      dtmf: (digit) => this.pipeline.push({ kind: 'data', type: 'dtmf', digit, atMs: this.time.now() }),
      markPlayed: (id) => s.output.markPlayed(id),
      hangup: () => void this.end('customer_hangup'),
    });
    warmer.warm();
    s.stt.start();
    this.activeMs = this.time.now();
    this.setConnect();
    this.maxTimer = this.time.setTimeout(
      () => void this.end('max_duration'),
      config.maxDurationSeconds * 1000,
    );
    this.watch.start();
    const greeting = config.firstMessage
      ? s.llm.say(config.firstMessage, { allowInterruptions: false, source: 'greeting' })
      : undefined;
    const hangUp = deps.hangUpAfterGreeting;
    if (hangUp) void (greeting ? greeting.done : Promise.resolve()).then(() => this.end(hangUp));
  }

  /** Hang up from our side (the API's stop); resolves with the result. Idempotent. */
  async stop(reason: EndReason = 'api_stop'): Promise<CallResult> {
    await this.end(reason);
    return this.result;
  }

  /** ms since the call started. */
  get elapsedMs(): number {
    return this.time.now();
  }

  private onAudio(pcm: Int16Array, agoMs: number): void {
    if (this.ending) return;
    const data = this.inputResampler ? this.inputResampler.process(pcm).slice() : pcm;
    this.pipeline.push({
      kind: 'data',
      type: 'audio.in',
      pcm: data,
      sampleRate: this.stages.sampleRate,
      ptsMs: this.media.stamp(data.length, this.stages.sampleRate, this.time.now() - agoMs),
    });
  }

  private onUpstream(f: Frame): void {
    if (f.type === 'error' && f.fatal) {
      const stage = stageNames[f.source];
      if (stage && f.error instanceof ProviderError)
        void this.end('provider_error', `${stage} provider ${f.error.provider} failed: ${f.error.message}`);
      else void this.end('error', `Engine error in ${f.source}: ${f.error.message}`);
    } else if (f.type === 'call.end') void this.end(f.reason, f.message);
  }

  private endAfterSpeech(reason: EndReason): void {
    const speech = this.watch.lastSpeech;
    void (speech ? speech.done : Promise.resolve()).then(() => this.end(reason));
  }

  private transferAfterSpeech(to: string): void {
    const speech = this.watch.lastSpeech;
    void (speech ? speech.done : Promise.resolve()).then(async () => {
      if (this.ending) return;
      try {
        await this.deps.transport.transfer(to);
        this.transferredTo = to;
        await this.end('transfer');
      } catch (e) {
        await this.end('error', `Transfer to ${to} failed: ${(e as Error).message}`);
      }
    });
  }

  private setConnect(): void {
    const t = this.deps.timeline ?? {};
    const active = this.time.origin + this.activeMs;
    this.latency.setConnect({
      setup_ms: Math.round(this.activeMs),
      dispatch_to_answer_ms:
        t.dispatchedAt !== undefined && t.answeredAt !== undefined
          ? Math.round(t.answeredAt - t.dispatchedAt)
          : null,
      answer_to_active_ms: t.answeredAt !== undefined ? Math.round(active - t.answeredAt) : null,
    });
  }

  /** End the call once: hang up (unless the far end did), stop the pipeline, report. */
  private async end(reason: EndReason, message?: string): Promise<void> {
    if (this.ending) return;
    this.ending = true;
    const endMs = this.time.now();
    this.time.clearTimeout(this.maxTimer);
    this.watch?.stop();
    let error = message ?? null;
    if (reason !== 'customer_hangup' && reason !== 'transfer') {
      try {
        await this.deps.transport.hangup(reason);
      } catch (e) {
        error ??= `Hang-up failed: ${(e as Error).message}`;
      }
    }
    await this.pipeline?.stop();
    const s = this.stages;
    this.resolve({
      status: failing.has(reason) ? 'failed' : 'completed',
      end_reason: reason,
      error_message: error,
      duration_seconds: Math.round(endMs) / 1000,
      messages: this.messages.messages(),
      latency: this.latency.result(),
      recording: this.recording
        ? { sampleRate: this.recording.sampleRate, wav: this.recording.wav(endMs) }
        : null,
      extracted_data: { ...this.extracted },
      transferred_to: this.transferredTo,
      output: { frames_sent: s?.output.stats.framesSent ?? 0, underruns: s?.output.stats.underruns ?? 0 },
    });
  }
}
