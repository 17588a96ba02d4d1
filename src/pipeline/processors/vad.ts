import type { Direction, Frame, FrameOf } from '../frames.ts';
import { FrameProcessor } from '../processor.ts';
import type { VadEvent, VadResume, VoiceActivityDetector } from '../vad/activity-detector.ts';

/** Caller audio the detector may fall behind by (250 frames of 20 ms): beyond it the oldest is skipped. */
export const maxVadBacklogFrames = 250;

/**
 * Runs voice activity detection on caller audio: forwards `audio.in` at once and emits
 * `user.started_speaking` / `user.speaking` / `user.stopped_speaking` system frames. While the
 * model scores a window, later frames wait here for the detector, not in the pipeline: the STT
 * gets every frame when it arrives, and an interruption never drops caller audio.
 */
export class VadProcessor extends FrameProcessor {
  private readonly backlog: FrameOf<'audio.in'>[] = [];
  private scoring = false;
  private closed = false;
  /** Frames skipped because the backlog was full (the detector fell more than 5 s behind). */
  skippedFrames = 0;

  private readonly emit = (e: VadEvent): void => {
    if (e.type === 'start') this.push({ kind: 'system', type: 'user.started_speaking', atMs: e.atMs });
    else if (e.type === 'speaking')
      this.push({ kind: 'system', type: 'user.speaking', atMs: e.atMs, speechMs: e.speechMs });
    else this.push({ kind: 'system', type: 'user.stopped_speaking', atMs: e.atMs, speechMs: e.speechMs });
  };

  /** The detector's word that the frame which waited on the model is done, or failed. */
  private readonly resume: VadResume = {
    resumed: () => {
      this.scoring = false;
      this.catchUp();
    },
    failed: (e) => this.failed(e),
  };

  private failed(e: unknown): void {
    this.scoring = false;
    this.backlog.length = 0;
    if (!this.closed) this.onError(e);
  }

  constructor(
    private readonly detector: VoiceActivityDetector,
    private readonly sampleRate: number,
  ) {
    super('vad');
  }

  /** Frames waiting for the detector. */
  get behindFrames(): number {
    return this.backlog.length;
  }

  protected override process(frame: Frame, direction: Direction): void {
    this.push(frame, direction);
    if (frame.type !== 'audio.in' || direction !== 'down') return;
    if (frame.sampleRate !== this.sampleRate)
      throw new Error(`VAD expects ${this.sampleRate} Hz audio, got ${frame.sampleRate} Hz`);
    if (!this.scoring) {
      this.detect(frame);
      return;
    }
    if (this.backlog.length >= maxVadBacklogFrames) {
      this.backlog.shift();
      this.skippedFrames++;
    }
    this.backlog.push(frame);
  }

  protected override async cleanup(): Promise<void> {
    this.closed = true;
    this.backlog.length = 0;
  }

  /** Feed waiting frames in order until one needs the model. */
  private catchUp(): void {
    while (!this.scoring && !this.closed) {
      const next = this.backlog.shift();
      if (!next) return;
      this.detect(next);
    }
  }

  private detect(frame: FrameOf<'audio.in'>): void {
    try {
      this.scoring = this.detector.push(frame.pcm, frame.ptsMs, this.emit, this.resume);
    } catch (e) {
      this.failed(e);
    }
  }
}
