import type { EndReason } from '../pipeline/frames.ts';
import type { CallTransport, TransportHandlers } from '../pipeline/transport.ts';

/**
 * A call leg's transport before its media exists (a dialled phone still ringing, a web call whose
 * browser has not joined): the engine may attach at any time, and everything is forwarded once the
 * real transport is bound. Audio sent before that is dropped; marks come straight back (nothing plays).
 */
export class DeferredTransport<T extends CallTransport> implements CallTransport {
  private inner: T | undefined;
  private handlers: TransportHandlers | undefined;

  constructor(
    readonly inputSampleRate: number,
    readonly outputSampleRate: number,
    readonly supportsMarks: boolean,
    /** Our side hangs up before any media was bound (a stop while ringing). */
    private readonly hangupUnbound: (reason: EndReason) => Promise<void>,
    /** What the bound transport will take per send (`CallTransport.framesPerSend`). */
    readonly framesPerSend = 1,
  ) {}

  get bound(): T | undefined {
    return this.inner;
  }

  bind(inner: T): void {
    if (inner.inputSampleRate !== this.inputSampleRate || inner.outputSampleRate !== this.outputSampleRate)
      throw new Error('bound transport has other sample rates than announced');
    if ((inner.framesPerSend ?? 1) < this.framesPerSend)
      throw new Error('bound transport takes fewer frames per send than announced');
    this.inner = inner;
    if (this.handlers) inner.attach(this.handlers);
  }

  attach(handlers: TransportHandlers): void {
    this.handlers = handlers;
    this.inner?.attach(handlers);
  }

  sendAudio(pcm: Int16Array): void {
    this.inner?.sendAudio(pcm);
  }

  clear(): void {
    this.inner?.clear();
  }

  mark(id: string): void {
    if (this.inner) this.inner.mark(id);
    else this.handlers?.markPlayed(id);
  }

  hangup(reason: EndReason): Promise<void> {
    return this.inner ? this.inner.hangup(reason) : this.hangupUnbound(reason);
  }

  transfer(to: string): Promise<void> {
    if (!this.inner) return Promise.reject(new Error('the call has no media yet; nothing to transfer'));
    return this.inner.transfer(to);
  }
}
