import type { Frame } from '../pipeline/frames.ts';
import type { FrameObserver } from '../pipeline/processor.ts';
import type { TranscriptLine } from './web-socket-transport.ts';

/**
 * The live transcript a web page shows during the call: the caller's interim words as recognised,
 * each committed turn as final, and each agent speech once played (only what was heard when interrupted).
 */
export function liveTranscript(send: (line: TranscriptLine) => void): FrameObserver {
  return {
    onFrame: (f: Frame) => {
      if (f.type === 'transcript.interim' && f.text.trim())
        send({ role: 'user', content: f.text, final: false });
      else if (f.type === 'user.turn' && f.source === 'speech')
        send({ role: 'user', content: f.text, final: true });
      else if (f.type === 'agent.speech_done' && f.text.trim())
        send({ role: 'assistant', content: f.text, final: true });
    },
  };
}
