import { EventEmitter } from 'node:events';

/**
 * What the scripted caller of one peer session tells the fake STT (speech started / ended, with
 * the words) and what the output tells the caller (agent audio out, playback finished).
 */
export class CallerLine extends EventEmitter<{
  speechStart: [text: string];
  speechEnd: [text: string];
  agentFrame: [at: number];
  agentFinished: [interrupted: boolean];
  agentCleared: [at: number];
}> {}
