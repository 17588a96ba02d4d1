import { createRequire } from 'node:module';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { VadModel, VadStream } from './vad-model.ts';

/** Where npm puts the Silero v5 model shipped inside `@livekit/agents-plugin-silero` (stack.md). */
export function defaultSileroModelPath(): string {
  const entry = createRequire(import.meta.url).resolve('@livekit/agents-plugin-silero');
  return path.join(path.dirname(entry), 'silero_vad.onnx');
}

/** Window and context sizes Silero v5 expects per rate (stack.md Appendix C). */
const shapes: Record<number, { window: number; context: number }> = {
  8000: { window: 256, context: 32 },
  16000: { window: 512, context: 64 },
};

/** Silero v5 on onnxruntime-node: one session for the whole process; per-call state lives in streams. */
export class SileroVadModel implements VadModel {
  readonly name = 'silero';
  readonly sampleRates = [8000, 16000] as const;

  private constructor(private readonly session: InferenceSession) {}

  static async load(modelPath: string = defaultSileroModelPath()): Promise<SileroVadModel> {
    const session = await InferenceSession.create(modelPath, {
      interOpNumThreads: 1,
      intraOpNumThreads: 1,
      executionMode: 'sequential',
    });
    return new SileroVadModel(session);
  }

  createStream(sampleRate: number): VadStream {
    const shape = shapes[sampleRate];
    if (!shape) throw new Error(`Silero VAD runs at 8000 or 16000 Hz, not ${sampleRate}`);
    return new SileroStream(this.session, sampleRate, shape.window, shape.context);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

class SileroStream implements VadStream {
  private readonly input: Float32Array;
  private readonly state = new Float32Array(2 * 128);
  private readonly sr: Tensor;
  private readonly inputTensor: Tensor;
  private readonly stateTensor: Tensor;

  constructor(
    private readonly session: InferenceSession,
    sampleRate: number,
    readonly windowSamples: number,
    private readonly context: number,
  ) {
    this.input = new Float32Array(context + windowSamples);
    this.sr = new Tensor('int64', BigInt64Array.from([BigInt(sampleRate)]));
    // Tensors wrap the buffers without copying, so refilling the buffers reuses them.
    this.inputTensor = new Tensor('float32', this.input, [1, context + windowSamples]);
    this.stateTensor = new Tensor('float32', this.state, [2, 1, 128]);
  }

  async probability(window: Float32Array): Promise<number> {
    const { context, windowSamples, input } = this;
    // The last `context` samples of the previous window lead this one.
    input.copyWithin(0, windowSamples, windowSamples + context);
    input.set(window.subarray(0, windowSamples), context);
    const out = await this.session.run({ input: this.inputTensor, state: this.stateTensor, sr: this.sr });
    this.state.set(out.stateN!.data as Float32Array);
    return (out.output!.data as Float32Array)[0]!;
  }

  reset(): void {
    this.input.fill(0);
    this.state.fill(0);
  }
}
