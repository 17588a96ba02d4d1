/** Shared setup of the turn-taking tests: a processor on a manual clock, frame builders, a VAD moved by hand. */
import { ManualClock } from '../../lib/clock.ts';
import { CallClock } from '../call-clock.ts';
import type { Frame } from '../frames.ts';
import { TurnTakingProcessor } from '../processors/turn-taking.ts';
import { SpeechHandle } from '../speech-handle.ts';
import { turnParams } from '../turn-params.ts';
import type { HeardAudio } from '../vad/activity-detector.ts';
import { ProcessorHarness } from './run-processor.ts';

/** A VAD whose progress through the audio the test moves by hand. */
export class LaggingVad implements HeardAudio {
  heardMs = 0;
  voicedUntilMs = 0;
  readonly windowMs = 32;
  private waitMs = 0;
  private waiter: (() => void) | undefined;
  whenHeardThrough(atMs: number, fn: () => void): void {
    this.waitMs = atMs;
    this.waiter = fn;
    this.hear(this.heardMs);
  }
  cancelWait(): void {
    this.waiter = undefined;
  }
  hear(ms: number): void {
    this.heardMs = ms;
    const fn = this.waiter;
    if (fn && ms >= this.waitMs) {
      this.waiter = undefined;
      fn();
    }
  }
}

export function setup(
  agent: { responsiveness?: number; interruption_sensitivity?: number; end_call_phrases?: string[] } = {},
  finalAfterFlush = false,
  heard?: HeardAudio,
) {
  const clock = new ManualClock(0);
  const params = turnParams({
    responsiveness: agent.responsiveness ?? 0.5,
    interruption_sensitivity: agent.interruption_sensitivity ?? 0.5,
    end_call_phrases: agent.end_call_phrases ?? [],
  });
  const proc = new TurnTakingProcessor({
    params,
    time: new CallClock(clock),
    stt: { provider: 'fake-stt', finalAfterFlush },
    vadProvider: 'silero',
    heard,
  });
  const h = new ProcessorHarness(proc, clock);
  /** Advance to absolute time `ms`, then send `frames` (down unless they are agent frames). */
  const at = async (ms: number, ...frames: Frame[]) => {
    await h.settle(ms - clock.now());
    for (const f of frames) await h.send(f, f.type.startsWith('agent.') ? 'up' : 'down');
  };
  return { clock, h, at, params };
}

export const started = (atMs: number): Frame => ({ kind: 'system', type: 'user.started_speaking', atMs });
export const speaking = (atMs: number, speechMs: number): Frame => ({
  kind: 'system',
  type: 'user.speaking',
  atMs,
  speechMs,
});
export const stopped = (atMs: number, speechMs = 500): Frame => ({
  kind: 'system',
  type: 'user.stopped_speaking',
  atMs,
  speechMs,
});
export const final = (text: string, atMs = 0): Frame => ({
  kind: 'data',
  type: 'transcript.final',
  text,
  atMs,
});
export const interim = (text: string, atMs = 0): Frame => ({
  kind: 'data',
  type: 'transcript.interim',
  text,
  atMs,
});
export const created = (speech: SpeechHandle): Frame => ({
  kind: 'system',
  type: 'agent.speech_created',
  speech,
});
export const done = (speech: SpeechHandle, interrupted = false): Frame => ({
  kind: 'system',
  type: 'agent.speech_done',
  speech,
  text: '',
  startMs: 0,
  endMs: 0,
  interrupted,
});
export const dtmf = (digit: string, atMs: number): Frame => ({ kind: 'data', type: 'dtmf', digit, atMs });
export const reply = () => new SpeechHandle({ id: 1, allowInterruptions: true, source: 'reply' });
