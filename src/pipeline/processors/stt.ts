import { ProviderError } from '../../providers/errors.ts';
import type { Stt, SttEvent, SttOptions, SttStream } from '../../providers/stt/stt.ts';
import type { CallClock } from '../call-clock.ts';
import type { Direction, Frame } from '../frames.ts';
import { FrameProcessor } from '../processor.ts';

/**
 * Streams caller audio to the STT provider and turns its events into transcript frames. Asks for
 * a final at every VAD end of speech (`flush`). On a fatal provider error it fails over to the next
 * provider in the list, or reports a fatal `error` upstream.
 */
export class SttProcessor extends FrameProcessor {
  private stream: SttStream | undefined;
  private index = 0;
  private closed = false;

  constructor(
    private readonly providers: readonly Stt[],
    private readonly options: SttOptions,
    private readonly time: CallClock,
  ) {
    super('stt');
    if (providers.length === 0) throw new Error('SttProcessor needs at least one provider');
  }

  /** Name of the provider in use (for metrics). */
  get provider(): string {
    return this.providers[this.index]!.provider;
  }

  /** True when the provider in use always answers `flush()` with a final (per-utterance STT). */
  get finalAfterFlush(): boolean {
    return !this.providers[this.index]!.capabilities.streaming;
  }

  /** Open the provider stream (before audio flows, so connection time is not on the first turn). */
  start(): void {
    if (this.stream || this.closed) return;
    const stt = this.providers[this.index]!;
    const mine = { current: undefined as SttStream | undefined };
    try {
      mine.current = stt.stream(this.options, (e) => this.onEvent(e, mine.current));
    } catch (e) {
      this.failed(e instanceof ProviderError ? e : new ProviderError(stt.provider, String(e)));
      return;
    }
    this.stream = mine.current;
  }

  protected override process(frame: Frame, direction: Direction): void {
    if (direction === 'down' && frame.type === 'audio.in') {
      if (!this.stream) this.start();
      this.stream?.pushAudio(frame.pcm);
      return;
    }
    if (frame.type === 'user.stopped_speaking') this.stream?.flush();
    this.push(frame, direction);
  }

  protected override async cleanup(): Promise<void> {
    this.closed = true;
    const s = this.stream;
    this.stream = undefined;
    await s?.close();
  }

  private onEvent(e: SttEvent, from: SttStream | undefined): void {
    // Late events from a stream we already replaced or closed are ignored.
    if (this.closed || (from !== undefined && from !== this.stream)) return;
    const atMs = this.time.now();
    switch (e.type) {
      case 'interim':
        this.push({ kind: 'data', type: 'transcript.interim', text: e.text, atMs });
        break;
      case 'final':
        this.push({ kind: 'data', type: 'transcript.final', text: e.text, atMs });
        break;
      case 'error':
        if (e.fatal) this.failed(e.error);
        break;
      default:
        break;
    }
  }

  private failed(error: ProviderError): void {
    const old = this.stream;
    this.stream = undefined;
    void old?.close().catch(() => {});
    if (this.index + 1 < this.providers.length) {
      this.index++;
      this.start();
      return;
    }
    this.push({ kind: 'system', type: 'error', error, fatal: true, source: this.name }, 'up');
  }
}
