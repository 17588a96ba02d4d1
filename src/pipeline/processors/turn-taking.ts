import type { Timer } from '../../lib/clock.ts';
import type { CallClock } from '../call-clock.ts';
import type { Direction, Frame, FrameOf } from '../frames.ts';
import { FrameProcessor } from '../processor.ts';
import type { SpeechHandle } from '../speech-handle.ts';
import { matchesEndCallPhrase, meaningfulWords, type TurnParams } from '../turn-params.ts';
import type { HeardAudio } from '../vad/activity-detector.ts';
import { DtmfDigits } from './dtmf-digits.ts';
import { EndpointTimer } from './endpoint-timer.ts';

export interface TurnTakingOptions {
  params: TurnParams;
  time: CallClock;
  /** The STT in use: its name for metrics, and whether it always answers `flush()` with a final. */
  stt: { readonly provider: string; readonly finalAfterFlush: boolean };
  /** Name stamped on `eou_delay` (the endpointing is Parley's own, on this VAD). */
  vadProvider: string;
  /** The VAD feeding this processor: the endpoint waits until it has heard the audio up to it. Absent: the clock alone decides. */
  heard?: HeardAudio | undefined;
}

type Barge = 'none' | 'candidate' | 'paused';

/**
 * Decides when the caller's turn ends (VAD end of speech + endpointing wait, combined with STT
 * finals) and whether caller speech during agent speech is a barge-in: long enough speech pauses
 * the output; words other than backchannels turn it into an interruption; silence or backchannels
 * resume. Emits `user.turn`, `output.pause` / `output.resume`, and asks for interruptions.
 */
export class TurnTakingProcessor extends FrameProcessor {
  private readonly p: TurnParams;
  private readonly time: CallClock;
  private text = '';
  private interim = '';
  private turnStartMs = -1;
  private speechEndMs = -1;
  private lastFinalMs = -1;
  private userSpeaking = false;
  private awaitingFinal = false;
  private endpointReached = false;
  private held = false;
  private readonly endpoint: EndpointTimer;
  private capTimer: Timer | undefined;
  private readonly active = new Set<SpeechHandle>();
  private barge: Barge = 'none';
  private bargeOnsetMs = -1;
  private falseTimer: Timer | undefined;
  private readonly digits: DtmfDigits;

  constructor(private readonly opts: TurnTakingOptions) {
    super('turn');
    this.p = opts.params;
    this.time = opts.time;
    this.endpoint = new EndpointTimer(
      opts.time,
      opts.params.endpointingMs,
      () => this.onEndpoint(),
      opts.heard,
    );
    this.digits = new DtmfDigits(opts.time, opts.params.dtmfTimeoutMs, (digits, startMs) =>
      this.commitDigits(digits, startMs),
    );
  }

  protected override process(frame: Frame, direction: Direction): void {
    switch (frame.type) {
      case 'user.started_speaking':
        this.onSpeechStart(frame.atMs);
        return;
      case 'user.speaking':
        if (this.barge === 'candidate' && frame.speechMs >= this.p.minInterruptSpeechMs) this.pauseAgent();
        return;
      case 'user.stopped_speaking':
        this.onSpeechStop(frame.atMs);
        return;
      case 'transcript.interim':
        this.onTranscript(frame.text, false);
        return;
      case 'transcript.final':
        this.onTranscript(frame.text, true);
        return;
      case 'dtmf':
        this.onDigit(frame);
        return;
      case 'agent.speech_created':
        this.active.add(frame.speech);
        // The caller is already talking as the agent starts: that speech may barge in too.
        if (this.userSpeaking && frame.speech.allowInterruptions && this.barge === 'none') {
          this.barge = 'candidate';
          this.bargeOnsetMs = this.time.now();
        }
        break;
      case 'agent.speech_done':
        this.onAgentDone(frame.speech);
        break;
    }
    this.push(frame, direction);
  }

  protected override async cleanup(): Promise<void> {
    this.endpoint.cancel();
    this.digits.cancel();
    for (const t of [this.capTimer, this.falseTimer]) this.time.clearTimeout(t);
  }

  /** The speech the caller may be talking over, if any. */
  private get agentSpeech(): SpeechHandle | undefined {
    let last: SpeechHandle | undefined;
    for (const s of this.active) last = s;
    return last;
  }

  private get interruptible(): boolean {
    return this.agentSpeech?.allowInterruptions ?? false;
  }

  private onSpeechStart(atMs: number): void {
    this.userSpeaking = true;
    this.clearEndpoint();
    if (this.interruptible) {
      if (this.barge === 'none') {
        this.barge = 'candidate';
        this.bargeOnsetMs = atMs;
      }
      this.time.clearTimeout(this.falseTimer);
      return;
    }
    if (this.turnStartMs < 0) this.turnStartMs = atMs;
  }

  private onSpeechStop(atMs: number): void {
    this.userSpeaking = false;
    this.speechEndMs = atMs;
    if (this.barge === 'candidate') this.barge = 'none';
    if (this.barge === 'paused') {
      this.falseTimer = this.time.setTimeout(() => this.resumeAgent(), this.p.falseInterruptionMs);
      return;
    }
    if (this.interruptible) return;
    this.awaitingFinal = this.opts.stt.finalAfterFlush || this.interim.trim().length > 0;
    this.endpoint.arm(atMs);
  }

  private onTranscript(text: string, final: boolean): void {
    if (this.interruptible) {
      // Speech over interruptible agent speech counts only as a barge-in decision.
      if (this.barge !== 'paused') return;
      if (meaningfulWords(text) >= this.p.minInterruptWords) this.confirmInterruption(text, final);
      else if (final && !this.userSpeaking) this.resumeAgent();
      return;
    }
    if (!final) {
      this.interim = text;
      return;
    }
    this.addFinal(text);
  }

  private addFinal(text: string): void {
    const t = text.trim();
    if (t) this.text = this.text ? `${this.text} ${t}` : t;
    this.interim = '';
    this.awaitingFinal = false;
    this.lastFinalMs = this.time.now();
    if (this.endpointReached && !this.userSpeaking) this.commit();
  }

  private onEndpoint(): void {
    this.endpointReached = true;
    if (!this.awaitingFinal) {
      this.commit();
      return;
    }
    this.capTimer = this.time.setTimeout(() => {
      this.capTimer = undefined;
      this.awaitingFinal = false;
      this.commit();
    }, this.p.sttFinalTimeoutMs);
  }

  private clearEndpoint(): void {
    this.endpoint.cancel();
    this.time.clearTimeout(this.capTimer);
    this.capTimer = undefined;
    this.endpointReached = false;
  }

  /** End the caller's turn: hand it on, or (while the agent cannot be interrupted) hold it until it can. */
  private commit(): void {
    this.clearEndpoint();
    const text = (this.text || this.interim).trim();
    if (!text) {
      this.resetTurn();
      return;
    }
    if (this.agentSpeech) {
      this.held = true;
      return;
    }
    const now = this.time.now();
    const speechEndMs = this.speechEndMs < 0 ? now : this.speechEndMs;
    const sttMs = this.lastFinalMs >= 0 ? Math.max(0, this.lastFinalMs - speechEndMs) : -1;
    const endCall = matchesEndCallPhrase(text, this.p.endCallPhrases);
    const turn: FrameOf<'user.turn'> = {
      kind: 'data',
      type: 'user.turn',
      text,
      source: 'speech',
      startMs: this.turnStartMs < 0 ? speechEndMs : this.turnStartMs,
      speechEndMs,
      atMs: now,
    };
    if (endCall) turn.noReply = true;
    this.resetTurn();
    this.push(turn);
    // After the turn, so observers count these samples in it.
    this.metric('eou_delay', now - speechEndMs, this.opts.vadProvider);
    if (sttMs >= 0) this.metric('stt', sttMs, this.opts.stt.provider);
    if (endCall) this.push({ kind: 'system', type: 'call.end', reason: 'end_call_phrase' }, 'up');
  }

  private resetTurn(): void {
    this.text = '';
    this.interim = '';
    this.turnStartMs = this.userSpeaking ? this.turnStartMs : -1;
    this.lastFinalMs = -1;
    this.awaitingFinal = false;
    this.endpointReached = false;
    this.held = false;
  }

  private pauseAgent(): void {
    this.barge = 'paused';
    this.push({ kind: 'system', type: 'output.pause' });
  }

  /** A false interruption (no words, or only backchannels): carry on speaking. */
  private resumeAgent(): void {
    this.time.clearTimeout(this.falseTimer);
    this.falseTimer = undefined;
    if (this.barge !== 'paused') return;
    this.barge = 'none';
    this.push({ kind: 'system', type: 'output.resume' });
  }

  private confirmInterruption(text: string, final: boolean): void {
    this.time.clearTimeout(this.falseTimer);
    this.barge = 'none';
    this.resetTurn();
    this.turnStartMs = this.bargeOnsetMs;
    this.active.clear();
    this.broadcastInterruption();
    if (final) this.addFinal(text);
    else this.interim = text;
    if (!this.userSpeaking) {
      this.awaitingFinal = !final;
      this.endpoint.arm(this.speechEndMs);
    }
  }

  private onAgentDone(speech: SpeechHandle): void {
    this.active.delete(speech);
    if (this.active.size > 0) return;
    this.resumeAgent();
    // Speech that started over the agent continues as the caller's turn.
    if (this.barge !== 'none' && this.userSpeaking && this.turnStartMs < 0)
      this.turnStartMs = this.bargeOnsetMs;
    this.barge = 'none';
    if (this.held) this.commit();
  }

  private onDigit(frame: FrameOf<'dtmf'>): void {
    if (this.interruptible) {
      this.active.clear();
      this.broadcastInterruption();
    }
    this.digits.press(frame.digit, frame.atMs);
  }

  private commitDigits(digits: string, startMs: number): void {
    const now = this.time.now();
    this.push({
      kind: 'data',
      type: 'user.turn',
      text: `DTMF: ${digits}`,
      source: 'dtmf',
      startMs,
      speechEndMs: now,
      atMs: now,
    });
  }

  private metric(name: 'stt' | 'eou_delay', ms: number, provider: string): void {
    this.push({ kind: 'system', type: 'metric', name, ms, provider });
  }
}
