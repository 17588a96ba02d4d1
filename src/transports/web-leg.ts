import type { CallRecord } from '../domain/call/call.ts';
import { participantTokenTtlSeconds } from '../domain/call/participant-token.ts';
import type { Clock, Timer } from '../lib/clock.ts';
import { DeferredTransport } from '../media/deferred-transport.ts';
import type { EndReason } from '../pipeline/frames.ts';
import type { CallLeg, DialOutcome } from '../providers/telephony/call-leg.ts';
import { liveTranscript } from './live-transcript.ts';
import { webInputSampleRate, webOutputSampleRate } from './web-call-protocol.ts';
import type { WebSocketTransport } from './web-socket-transport.ts';

/** A browser that has not joined within its token's lifetime (plus a minute) will not join. */
export const joinWaitMs = (participantTokenTtlSeconds + 60) * 1000;

/**
 * A built-in web call as the call runner drives it: `connect` resolves when the browser joined with
 * the call's participant token (answered by a human), or `no_answer` when nobody joins in time.
 */
export class WebLeg implements CallLeg {
  readonly transport: DeferredTransport<WebSocketTransport>;
  /** The page's live transcript, fed from the session's frames. */
  readonly observers = [liveTranscript((line) => this.transport.bound?.transcript(line))];
  private timer: Timer | undefined;
  private settled = false;
  private resolve!: (o: DialOutcome) => void;
  private readonly outcome: Promise<DialOutcome>;

  constructor(
    readonly call: CallRecord,
    private readonly clock: Clock,
    private readonly forget: () => void,
  ) {
    this.transport = new DeferredTransport(webInputSampleRate, webOutputSampleRate, true, (r) =>
      this.cancel(r),
    );
    this.outcome = new Promise((r) => {
      this.resolve = r;
    });
  }

  async connect(): Promise<DialOutcome> {
    if (!this.settled && !this.transport.bound)
      this.timer = this.clock.setTimeout(() => this.settle({ kind: 'no_answer' }), joinWaitMs);
    return this.outcome;
  }

  async cancel(reason: EndReason): Promise<void> {
    this.settle({ kind: 'no_answer' });
    await this.transport.bound?.hangup(reason);
    this.forget();
  }

  /** The browser joined. */
  bind(browser: WebSocketTransport): void {
    this.transport.bind(browser);
    browser.state('connecting');
    this.settle({ kind: 'answered', by: 'human' });
  }

  /** The browser's socket closed. */
  closed(): void {
    this.settle({ kind: 'no_answer' });
    this.forget();
  }

  private settle(o: DialOutcome): void {
    if (this.settled) return;
    this.settled = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.resolve(o);
  }
}
