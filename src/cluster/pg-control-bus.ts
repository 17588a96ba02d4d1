import pg from 'pg';
import type { Logger } from '../lib/logger.ts';
import { type ControlMessage, LocalControlBus, parseControlMessage } from './control-bus.ts';

export interface PgControlBusOptions {
  url: string;
  /** NOTIFY channel; one per store (schema), so test schemas on one server stay apart. */
  channel: string;
  /** Sends a NOTIFY (through the store's pool). */
  notify: (channel: string, payload: string) => Promise<void>;
  logger: Logger;
  /** Wait before reconnecting the listener after it dropped. */
  reconnectMs?: number;
}

/**
 * Call control across the processes sharing one PostgreSQL: LISTEN on a dedicated connection (not
 * the pool, whose connections come and go), NOTIFY through the pool. Every process, the sender
 * included, receives each message once from PostgreSQL. While the listener reconnects, messages are
 * missed; a stop request then times out and the caller sees the call still live.
 */
export class PgControlBus extends LocalControlBus {
  private client: pg.Client | undefined;
  private closed = false;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly o: PgControlBusOptions) {
    super();
  }

  override async publish(msg: ControlMessage): Promise<void> {
    await this.o.notify(this.o.channel, JSON.stringify(msg));
  }

  override async start(): Promise<void> {
    await this.connect();
  }

  override async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.o.url });
    client.on('notification', (n) => {
      if (n.channel !== this.o.channel || !n.payload) return;
      const msg = parseControlMessage(n.payload);
      if (msg) this.deliver(msg);
    });
    const lost = (err?: Error) => {
      if (this.closed || this.client !== client) return;
      this.client = undefined;
      this.o.logger.warn({ err }, 'call-control listener lost; reconnecting');
      client.end().catch(() => undefined);
      this.retry = setTimeout(() => void this.connect().catch(() => lost()), this.o.reconnectMs ?? 1000);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    this.client = client;
    await client.connect();
    await client.query(`LISTEN ${pg.escapeIdentifier(this.o.channel)}`);
  }
}
