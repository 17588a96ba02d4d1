import { Redis } from 'ioredis';
import type { Logger } from '../lib/logger.ts';
import { type ControlMessage, LocalControlBus, parseControlMessage } from './control-bus.ts';

/**
 * Call control over Redis pub/sub (when REDIS_URL is set): one subscriber connection, one for
 * publishing; ioredis reconnects and re-subscribes by itself.
 */
export class RedisControlBus extends LocalControlBus {
  private sub: Redis | undefined;
  private pub: Redis | undefined;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly logger: Logger,
  ) {
    super();
  }

  override async publish(msg: ControlMessage): Promise<void> {
    if (!this.pub) throw new Error('call-control bus is not started');
    await this.pub.publish(this.channel, JSON.stringify(msg));
  }

  override async start(): Promise<void> {
    const options = { lazyConnect: true, maxRetriesPerRequest: 3 };
    this.sub = new Redis(this.url, options);
    this.pub = new Redis(this.url, options);
    for (const c of [this.sub, this.pub])
      c.on('error', (err) => this.logger.warn({ err }, 'call-control Redis connection error'));
    this.sub.on('message', (channel: string, payload: string) => {
      if (channel !== this.channel) return;
      const msg = parseControlMessage(payload);
      if (msg) this.deliver(msg);
    });
    await Promise.all([this.sub.connect(), this.pub.connect()]);
    await this.sub.subscribe(this.channel);
  }

  override async close(): Promise<void> {
    await Promise.all([this.sub?.quit(), this.pub?.quit()].map((p) => p?.catch(() => undefined)));
    this.sub = undefined;
    this.pub = undefined;
  }
}
