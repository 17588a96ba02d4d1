import { tts } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import { reference, toneFrame } from '../../scenario/reference.ts';

const rate = reference.ttsSampleRate;
const frameSamples = (rate * reference.frameMs) / 1000;

const sleepUntil = (at: number) =>
  new Promise<void>((r) => setTimeout(r, Math.max(0, at - performance.now())));

/** The reference TTS double: first 20 ms frame 100 ms after the first text, 2 s of audio at 2× real time. */
class ReferenceTtsStream extends tts.SynthesizeStream {
  label = 'reference-tts.stream';

  protected async run(): Promise<void> {
    let producing: Promise<void> | undefined;
    for await (const data of this.input) {
      if (typeof data === 'string' && data.trim() && !producing) {
        this.markStarted();
        producing = this.produce();
      }
    }
    await producing;
    this.queue.put(tts.SynthesizeStream.END_OF_STREAM);
  }

  private async produce(): Promise<void> {
    const start = performance.now() + reference.ttsFirstFrameMs;
    const frames = reference.ttsAudioMs / reference.frameMs;
    const step = reference.frameMs / reference.ttsSpeedup;
    for (let k = 0; k < frames; k++) {
      await sleepUntil(start + k * step);
      if (this.abortController.signal.aborted || this.closed) return;
      this.queue.put({
        requestId: 'reference',
        segmentId: 'reference',
        frame: new AudioFrame(toneFrame(k), rate, 1, frameSamples),
        final: k === frames - 1,
      });
    }
  }
}

export class ReferenceTts extends tts.TTS {
  label = 'reference-tts';
  constructor() {
    super(rate, 1, { streaming: true, alignedTranscript: false });
  }
  synthesize(): tts.ChunkedStream {
    throw new Error('the reference TTS only streams');
  }
  stream(): tts.SynthesizeStream {
    return new ReferenceTtsStream(this);
  }
}
