import { voice } from '@livekit/agents';
import type { AudioFrame } from '@livekit/rtc-node';
import { reference } from '../../scenario/reference.ts';
import type { CallerLine } from './caller-line.ts';

const frameSamples = (reference.sampleRate * reference.frameMs) / 1000;
/** How much audio the sink buffers before captureFrame waits (backpressure, like an RTC audio source). */
const maxQueuedFrames = 10;

/**
 * A telephone-like audio sink: takes the session's 8 kHz frames, sends 20 ms frames out in real time
 * (drift-free schedule), and reports each frame's hand-off time and the end of playback to the caller.
 */
export class PacedOutput extends voice.AudioOutput {
  private readonly queue: Int16Array[] = [];
  private pending = new Int16Array(0);
  private playing = false;
  private flushed = false;
  private startedSegment = false;
  private playedMs = 0;
  private nextAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private drained: (() => void) | undefined;

  constructor(private readonly line: CallerLine) {
    super(reference.sampleRate, undefined, { pause: false });
  }

  override async captureFrame(frame: AudioFrame): Promise<void> {
    await super.captureFrame(frame);
    if (!this.startedSegment) {
      this.startedSegment = true;
      this.flushed = false;
      this.playedMs = 0;
    }
    const joined = new Int16Array(this.pending.length + frame.data.length);
    joined.set(this.pending);
    joined.set(frame.data, this.pending.length);
    let off = 0;
    for (; off + frameSamples <= joined.length; off += frameSamples) {
      this.queue.push(joined.slice(off, off + frameSamples));
    }
    this.pending = joined.slice(off);
    if (!this.playing && this.queue.length) this.play();
    while (this.queue.length > maxQueuedFrames) await new Promise<void>((r) => (this.drained = r));
  }

  override flush(): void {
    super.flush();
    if (this.pending.length) {
      const last = new Int16Array(frameSamples);
      last.set(this.pending);
      this.queue.push(last);
      this.pending = new Int16Array(0);
    }
    this.flushed = true;
    if (!this.playing) {
      if (this.queue.length) this.play();
      else if (this.startedSegment) this.finish(false);
    }
  }

  clearBuffer(): void {
    this.line.emit('agentCleared', performance.now());
    this.queue.length = 0;
    this.pending = new Int16Array(0);
    clearTimeout(this.timer);
    this.playing = false;
    if (this.startedSegment) this.finish(true);
  }

  private play() {
    this.playing = true;
    this.nextAt = performance.now();
    this.tick();
  }

  private tick = () => {
    const frame = this.queue.shift();
    if (!frame) {
      this.playing = false;
      if (this.flushed) this.finish(false);
      return;
    }
    const now = performance.now();
    if (this.playedMs === 0) this.onPlaybackStarted(Date.now());
    this.line.emit('agentFrame', now);
    this.playedMs += reference.frameMs;
    if (this.drained && this.queue.length <= maxQueuedFrames) {
      const d = this.drained;
      this.drained = undefined;
      d();
    }
    this.nextAt += reference.frameMs;
    this.timer = setTimeout(this.tick, Math.max(0, this.nextAt - performance.now()));
  };

  private finish(interrupted: boolean) {
    this.startedSegment = false;
    this.flushed = false;
    this.playing = false;
    this.drained?.();
    this.drained = undefined;
    this.onPlaybackFinished({ playbackPosition: this.playedMs / 1000, interrupted });
    this.line.emit('agentFinished', interrupted);
  }
}
