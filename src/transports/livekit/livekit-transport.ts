import { AudioFrame, type AudioSource } from '@livekit/rtc-node';
import type { EndReason } from '../../pipeline/frames.ts';
import type { CallTransport, TransportHandlers } from '../../pipeline/transport.ts';

/** LiveKit audio both ways runs at 16 kHz mono for web calls (the stream resamples the browser's 48 kHz). */
export const livekitSampleRate = 16000;

/**
 * A LiveKit web call as a CallTransport: the caller's track as AudioFrames (AudioStream) in, agent
 * PCM16 into an AudioSource out. LiveKit has no playout marks, so the engine estimates playout;
 * `clear` empties the source's queue on barge-in.
 */
export class LiveKitTransport implements CallTransport {
  readonly inputSampleRate = livekitSampleRate;
  readonly outputSampleRate = livekitSampleRate;
  readonly supportsMarks = false;
  private handlers: TransportHandlers | undefined;
  private ended = false;

  constructor(
    private readonly source: Pick<AudioSource, 'captureFrame' | 'clearQueue'>,
    private readonly leave: () => Promise<void>,
  ) {}

  attach(handlers: TransportHandlers): void {
    this.handlers = handlers;
    if (this.ended) handlers.hangup();
  }

  /** Pump the caller's frames (from `new AudioStream(track, 16000, 1)`) into the engine until the track ends. */
  async pump(frames: AsyncIterable<AudioFrame>): Promise<void> {
    try {
      for await (const f of frames) {
        if (this.ended) break;
        this.handlers?.audio(mono(f));
      }
    } finally {
      this.farEndGone();
    }
  }

  /** The browser left the room. */
  farEndGone(): void {
    if (this.ended) return;
    this.ended = true;
    this.handlers?.hangup();
  }

  sendAudio(frame: Int16Array): void {
    if (this.ended) return;
    // captureFrame queues the copy and resolves once it fits the source's queue; pacing is the engine's.
    void this.source
      .captureFrame(new AudioFrame(frame.slice(), livekitSampleRate, 1, frame.length))
      .catch(() => undefined);
  }

  clear(): void {
    this.source.clearQueue();
  }

  mark(_id: string): void {}

  async hangup(_reason: EndReason): Promise<void> {
    this.ended = true;
    await this.leave();
  }

  async transfer(_to: string): Promise<void> {
    throw new Error('A web call cannot be transferred to a phone number.');
  }
}

/** The first channel of a frame as PCM16 at the frame's rate (a copy the engine owns). */
export function mono(f: AudioFrame): Int16Array {
  if (f.channels === 1) return f.data.slice(0, f.samplesPerChannel);
  const out = new Int16Array(f.samplesPerChannel);
  for (let i = 0; i < out.length; i++) out[i] = f.data[i * f.channels]!;
  return out;
}
