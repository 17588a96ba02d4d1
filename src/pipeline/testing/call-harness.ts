import { ManualClock } from '../../lib/clock.ts';
import type { CallConfig } from '../call-config.ts';
import type { CallProviders } from '../call-pipeline.ts';
import { CallSession, type CallSessionDeps } from '../call-session.ts';
import type { VadModel } from '../vad/vad-model.ts';
import { FakeTransport } from './fake-transport.ts';

/** A resolved config with test defaults (8 kHz phone call, responsiveness and sensitivity 0.5). */
export function testCallConfig(over: Partial<CallConfig> = {}): CallConfig {
  return {
    agentId: 'agt_test',
    systemPrompt: '# Role\nA test agent.',
    firstMessage: null,
    llm: { provider: 'fake', model: 'fake-model', temperature: 0.7, maxTokens: null },
    transcriber: { provider: 'fake', model: 'fake', language: 'en' },
    tts: { provider: 'fake', voiceId: 'vc_test', model: null, speed: 1, stability: 0.5 },
    responsiveness: 0.5,
    interruptionSensitivity: 0.5,
    endCallPhrases: [],
    silenceTimeoutSeconds: 10,
    maxDurationSeconds: 600,
    enableRecording: true,
    variables: {},
    tools: [],
    ...over,
  };
}

/**
 * Drives one CallSession on a manual clock over a FakeTransport: the caller's audio is sent as
 * real-time 20 ms frames (silence when nothing is queued), and time only moves when the test says.
 */
export class CallHarness {
  readonly clock = new ManualClock(0);
  readonly transport: FakeTransport;
  readonly session: CallSession;
  private readonly queue: Int16Array[] = [];
  private readonly frame: number;

  constructor(opts: {
    config: CallConfig;
    vad: VadModel;
    providers: (clock: ManualClock) => CallProviders;
    deps?: Partial<Omit<CallSessionDeps, 'clock' | 'transport' | 'vad' | 'providers'>>;
    rates?: { input: number; output: number };
  }) {
    const rates = opts.rates ?? { input: 8000, output: 8000 };
    this.frame = rates.input / 50;
    this.transport = new FakeTransport(this.clock, rates.input, rates.output);
    this.session = new CallSession(opts.config, {
      clock: this.clock,
      transport: this.transport,
      vad: opts.vad,
      providers: opts.providers(this.clock),
      voice: { voice: 'test-voice' },
      fetch: () => Promise.reject(new Error('no network in engine tests')),
      ...opts.deps,
    });
  }

  get now(): number {
    return this.clock.now();
  }

  async start(): Promise<void> {
    await this.session.start();
    await this.clock.advanceAsync(0);
  }

  /** Queue caller speech (at the input rate) to be sent frame by frame from the next step on. */
  say(pcm: Int16Array): void {
    for (let i = 0; i < pcm.length; i += this.frame) {
      const f = new Int16Array(this.frame);
      f.set(pcm.subarray(i, i + this.frame));
      this.queue.push(f);
    }
  }

  /** Caller audio still queued, in ms. */
  get queuedMs(): number {
    return this.queue.length * 20;
  }

  /** Let `ms` of call time pass in 20 ms steps, sending one caller frame per step. */
  async run(ms: number): Promise<void> {
    for (let t = 0; t < ms; t += 20) await this.step();
  }

  /** Run until `done()` holds (checked every 20 ms), for at most `maxMs`; returns whether it held. */
  async runUntil(done: () => boolean, maxMs = 30_000): Promise<boolean> {
    for (let t = 0; t < maxMs; t += 20) {
      if (done()) return true;
      await this.step();
    }
    return done();
  }

  /** True while agent audio went out in the last 60 ms. */
  get agentAudible(): boolean {
    const last = this.transport.sent.at(-1);
    return last !== undefined && last.atMs >= this.now - 60;
  }

  private async step(): Promise<void> {
    this.transport.emitAudio(this.queue.shift() ?? new Int16Array(this.frame));
    await this.clock.advanceAsync(20);
  }
}
