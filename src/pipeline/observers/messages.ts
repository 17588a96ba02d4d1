import type { CallMessage } from '../../domain/call/call.ts';
import type { Frame } from '../frames.ts';
import type { FrameObserver } from '../processor.ts';

/** Entries are the stored call's `messages` (decisions §4); times are ms since the call started. */
export type { CallMessage };

/** Builds the transcript from frames: user turns, what the caller heard of each agent speech, tool calls. */
export class MessagesObserver implements FrameObserver {
  private readonly list: CallMessage[] = [];

  onFrame(frame: Frame): void {
    switch (frame.type) {
      case 'user.turn':
        this.list.push({
          role: 'user',
          content: frame.text,
          start_ms: Math.round(frame.startMs),
          end_ms: Math.round(frame.speechEndMs),
        });
        break;
      case 'agent.speech_done': {
        if (!frame.text || frame.startMs < 0) break;
        const m: CallMessage = {
          role: 'assistant',
          content: frame.text,
          start_ms: Math.round(frame.startMs),
          end_ms: Math.round(frame.endMs),
        };
        if (frame.interrupted) m.interrupted = true;
        this.list.push(m);
        break;
      }
      case 'tool.result':
        this.list.push({
          role: 'tool',
          content: typeof frame.result === 'string' ? frame.result : JSON.stringify(frame.result),
          start_ms: Math.round(frame.startMs),
          end_ms: Math.round(frame.endMs),
          name: frame.name,
          arguments: frame.arguments,
          result: frame.result,
        });
        break;
      default:
        break;
    }
  }

  /** Messages in the order they started. */
  messages(): CallMessage[] {
    return this.list
      .map((m, i) => ({ m, i }))
      .sort((a, b) => a.m.start_ms - b.m.start_ms || a.i - b.i)
      .map((x) => x.m);
  }
}
