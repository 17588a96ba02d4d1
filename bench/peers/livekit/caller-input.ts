import { ReadableStream, type ReadableStreamDefaultController } from 'node:stream/web';
import { voice } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';

/** The caller's microphone: the bench pushes one 20 ms PCM16 frame at a time, as a phone line delivers them. */
export class CallerInput extends voice.AudioInput {
  private controller!: ReadableStreamDefaultController<AudioFrame>;

  constructor(private readonly sampleRate: number) {
    super();
    this.multiStream.addInputStream(
      new ReadableStream<AudioFrame>({
        start: (c) => {
          this.controller = c;
        },
      }),
    );
  }

  push(pcm: Int16Array): void {
    // A copy: the native side reads the frame from the start of its ArrayBuffer, not the view's offset.
    this.controller.enqueue(new AudioFrame(pcm.slice(), this.sampleRate, 1, pcm.length));
  }
}
