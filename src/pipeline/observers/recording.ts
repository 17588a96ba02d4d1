import { PcmBuffer } from '../audio/pcm.ts';
import { Resampler } from '../audio/resampler.ts';
import { encodeWav } from '../audio/wav.ts';
import type { Frame } from '../frames.ts';
import type { FrameObserver } from '../processor.ts';

/** Where a frame starting at `startMs` goes: right after what is written, unless a real gap opened. */
function position(buf: PcmBuffer, startMs: number, rate: number, frame: number): number {
  const at = Math.round((startMs * rate) / 1000);
  return at > buf.length + frame ? at : buf.length;
}

/**
 * The call's stereo recording, aligned in call time: caller audio (as it arrived) left, agent
 * audio (as handed to the transport; cut where the transport dropped unplayed audio) right.
 */
export class RecordingObserver implements FrameObserver {
  private readonly caller = new PcmBuffer(1 << 16);
  private readonly agent = new PcmBuffer(1 << 16);
  private agentResampler: Resampler | undefined;

  constructor(readonly sampleRate: number) {}

  onFrame(frame: Frame): void {
    switch (frame.type) {
      case 'audio.in': {
        if (frame.sampleRate !== this.sampleRate) break;
        const startMs = frame.ptsMs - (frame.pcm.length * 1000) / frame.sampleRate;
        this.caller.write(frame.pcm, position(this.caller, startMs, this.sampleRate, frame.pcm.length));
        break;
      }
      case 'audio.out': {
        let pcm = frame.pcm;
        if (frame.sampleRate !== this.sampleRate) {
          if (this.agentResampler?.inRate !== frame.sampleRate)
            this.agentResampler = new Resampler(frame.sampleRate, this.sampleRate);
          pcm = this.agentResampler.process(pcm);
        }
        this.agent.write(pcm, position(this.agent, frame.atMs, this.sampleRate, pcm.length));
        break;
      }
      case 'output.cleared':
        this.agent.truncate(Math.round((frame.atMs * this.sampleRate) / 1000));
        break;
      default:
        break;
    }
  }

  /** Both channels, padded to the same length (`endMs` extends them to the call's end). */
  channels(endMs?: number): { caller: Int16Array; agent: Int16Array } {
    const n = Math.max(
      this.caller.length,
      this.agent.length,
      endMs === undefined ? 0 : Math.round((endMs * this.sampleRate) / 1000),
    );
    this.caller.padTo(n);
    this.agent.padTo(n);
    return { caller: this.caller.view().slice(), agent: this.agent.view().slice() };
  }

  /** Stereo PCM16 WAV: caller left, agent right. */
  wav(endMs?: number): Uint8Array {
    const { caller, agent } = this.channels(endMs);
    return encodeWav([caller, agent], this.sampleRate);
  }
}
