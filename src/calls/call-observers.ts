import type { Frame } from '../pipeline/frames.ts';
import { type CallMessage, MessagesObserver } from '../pipeline/observers/messages.ts';
import type { FrameObserver } from '../pipeline/processor.ts';

/** Calls `then` once the first message (greeting) has been played out: for calls that only leave a message. */
export function afterGreeting(then: () => void): FrameObserver {
  let fired = false;
  return {
    onFrame: (f: Frame) => {
      if (fired || f.type !== 'agent.speech_done' || f.speech.source !== 'greeting') return;
      fired = true;
      then();
    },
  };
}

/** Reports each finished transcript message as it happens (`transcript.partial`), with its index. */
export class LiveMessages implements FrameObserver {
  private readonly inner = new MessagesObserver();
  private readonly seen = new Set<CallMessage>();

  constructor(private readonly report: (message: CallMessage, index: number) => void) {}

  onFrame(frame: Frame): void {
    if (frame.type !== 'user.turn' && frame.type !== 'agent.speech_done' && frame.type !== 'tool.result')
      return;
    this.inner.onFrame(frame);
    const list = this.inner.messages();
    for (let i = 0; i < list.length; i++) {
      const m = list[i]!;
      if (this.seen.has(m)) continue;
      this.seen.add(m);
      this.report(m, i);
    }
  }
}
