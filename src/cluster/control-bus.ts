import { z } from 'zod';
import { endReasons } from '../domain/call/call-status.ts';

/** Call control between Parley processes: "stop this call" to the process running it, and its answer. */
export const ControlMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('stop'),
    callId: z.string(),
    reason: z.enum(endReasons),
    /** The process running the call (its slot holder); only it acts. */
    to: z.string(),
    from: z.string(),
  }),
  z.object({ type: z.literal('stopped'), callId: z.string(), to: z.string() }),
]);
export type ControlMessage = z.infer<typeof ControlMessageSchema>;

/** A broadcast channel every Parley process of one store listens on. */
export interface ControlBus {
  publish(msg: ControlMessage): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(handler: (msg: ControlMessage) => void): () => void;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Parse a message off the wire; anything malformed is dropped (undefined). */
export function parseControlMessage(text: string): ControlMessage | undefined {
  try {
    const parsed = ControlMessageSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Fan-out to this process's subscribers; the transports below build on it. */
export class LocalControlBus implements ControlBus {
  private readonly handlers = new Set<(msg: ControlMessage) => void>();

  async publish(msg: ControlMessage): Promise<void> {
    this.deliver(msg);
  }

  subscribe(handler: (msg: ControlMessage) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Hand a received message to every subscriber. */
  deliver(msg: ControlMessage): void {
    for (const h of this.handlers) h(msg);
  }

  async start(): Promise<void> {}
  async close(): Promise<void> {}
}
