import type { Direction, Frame } from '../frames.ts';
import { FrameProcessor } from '../processor.ts';
import type { VadEvent, VoiceActivityDetector } from '../vad/activity-detector.ts';

/**
 * Runs voice activity detection on caller audio: forwards `audio.in` unchanged and emits
 * `user.started_speaking` / `user.speaking` / `user.stopped_speaking` system frames.
 */
export class VadProcessor extends FrameProcessor {
  private readonly emit = (e: VadEvent): void => {
    if (e.type === 'start') this.push({ kind: 'system', type: 'user.started_speaking', atMs: e.atMs });
    else if (e.type === 'speaking')
      this.push({ kind: 'system', type: 'user.speaking', atMs: e.atMs, speechMs: e.speechMs });
    else this.push({ kind: 'system', type: 'user.stopped_speaking', atMs: e.atMs, speechMs: e.speechMs });
  };

  constructor(
    private readonly detector: VoiceActivityDetector,
    private readonly sampleRate: number,
  ) {
    super('vad');
  }

  protected override process(frame: Frame, direction: Direction): void | Promise<void> {
    this.push(frame, direction);
    if (frame.type !== 'audio.in' || direction !== 'down') return;
    if (frame.sampleRate !== this.sampleRate)
      throw new Error(`VAD expects ${this.sampleRate} Hz audio, got ${frame.sampleRate} Hz`);
    return this.detector.push(frame.pcm, frame.ptsMs, this.emit);
  }
}
