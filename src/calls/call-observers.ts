import type { Frame } from '../pipeline/frames.ts';
import { type CallMessage, MessagesObserver } from '../pipeline/observers/messages.ts';
import type { FrameObserver } from '../pipeline/processor.ts';

/**
 * Reports each finished transcript message as it happens (`transcript.partial`), with its index
 * and the whole list so far (the live `messages` of the call record).
 */
export class LiveMessages implements FrameObserver {
  private readonly inner = new MessagesObserver();
  private readonly seen = new Set<CallMessage>();

  constructor(private readonly report: (message: CallMessage, index: number, all: CallMessage[]) => void) {}

  onFrame(frame: Frame): void {
    if (frame.type !== 'user.turn' && frame.type !== 'agent.speech_done' && frame.type !== 'tool.result')
      return;
    this.inner.onFrame(frame);
    const list = this.inner.messages();
    for (let i = 0; i < list.length; i++) {
      const m = list[i]!;
      if (this.seen.has(m)) continue;
      this.seen.add(m);
      this.report(m, i, list);
    }
  }
}
