import type { Timer } from '../lib/clock.ts';
import type { CallClock } from './call-clock.ts';
import type { Frame } from './frames.ts';
import type { FrameObserver } from './processor.ts';
import type { SpeechHandle } from './speech-handle.ts';

export interface CallWatchOptions {
  time: CallClock;
  /** Quiet time (no caller speech, no agent speech, no reply pending) before a reminder, then before hanging up. */
  silenceTimeoutMs: number;
  /** A reply that produces no audio for this long counts as a stalled provider. */
  replyTimeoutMs: number;
  onReminder(): void;
  onSilenceTimeout(): void;
  onReplyStalled(): void;
  /** The agent's first audio of the greeting went out (for `connect.active_to_greeting_ms`). */
  onGreetingAudio?(atMs: number): void;
}

/**
 * Watches the conversation for silence (one reminder, then `silence_timeout`) and for replies that
 * never start (a provider that hangs must not hang the call). Also knows the agent's latest speech,
 * which hang-up and transfer wait for.
 */
export class CallWatch implements FrameObserver {
  private userSpeaking = false;
  private readonly speeches = new Set<SpeechHandle>();
  private replyPending = false;
  private reminded = false;
  private silenceTimer: Timer | undefined;
  private replyTimer: Timer | undefined;
  private stopped = false;
  /** The most recent agent speech (possibly finished). */
  lastSpeech: SpeechHandle | undefined;

  constructor(private readonly o: CallWatchOptions) {}

  start(): void {
    this.update();
  }

  stop(): void {
    this.stopped = true;
    this.o.time.clearTimeout(this.silenceTimer);
    this.o.time.clearTimeout(this.replyTimer);
  }

  onFrame(frame: Frame): void {
    switch (frame.type) {
      case 'user.started_speaking':
        this.userSpeaking = true;
        this.reminded = false;
        break;
      case 'user.stopped_speaking':
        this.userSpeaking = false;
        break;
      case 'dtmf':
        this.reminded = false;
        break;
      case 'user.turn':
        this.reminded = false;
        if (!frame.noReply) this.setReplyPending(true);
        break;
      case 'agent.speech_created':
        this.speeches.add(frame.speech);
        this.lastSpeech = frame.speech;
        break;
      case 'agent.started_speaking':
        if (frame.speech.source === 'reply') this.setReplyPending(false);
        if (frame.speech.source === 'greeting') this.o.onGreetingAudio?.(frame.atMs);
        break;
      case 'agent.speech_done':
        this.speeches.delete(frame.speech);
        if (frame.speech.source === 'reply') this.setReplyPending(false);
        break;
      default:
        return;
    }
    this.update();
  }

  private setReplyPending(pending: boolean): void {
    if (pending === this.replyPending) return;
    this.replyPending = pending;
    this.o.time.clearTimeout(this.replyTimer);
    this.replyTimer = undefined;
    if (pending && !this.stopped)
      this.replyTimer = this.o.time.setTimeout(() => this.o.onReplyStalled(), this.o.replyTimeoutMs);
  }

  /** Run the silence timer only while nobody is talking or about to. */
  private update(): void {
    const quiet = !this.userSpeaking && this.speeches.size === 0 && !this.replyPending;
    if (!quiet || this.stopped) {
      this.o.time.clearTimeout(this.silenceTimer);
      this.silenceTimer = undefined;
      return;
    }
    if (this.silenceTimer !== undefined) return;
    this.silenceTimer = this.o.time.setTimeout(() => {
      this.silenceTimer = undefined;
      if (this.reminded) {
        this.o.onSilenceTimeout();
        return;
      }
      this.reminded = true;
      this.o.onReminder();
    }, this.o.silenceTimeoutMs);
  }
}
