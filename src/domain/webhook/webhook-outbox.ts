import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { EmittedDelivery, OutboxRepo, WorkspaceSecretSource } from './call-event.ts';
import { nextRetryAt } from './retry-schedule.ts';
import type { PendingDelivery, WebhookDeliveryRepo, WebhookRepo } from './webhook.ts';
import type { WebhookDeliverer } from './webhook-deliverer.ts';

/** Runs `deliver` for a delivery (the durable `webhook.deliver` job), now or at `at`. */
export interface DeliveryScheduler {
  schedule(d: Pick<EmittedDelivery, 'orgId' | 'id'>, at?: Date): Promise<void>;
}

export interface WebhookOutboxDeps {
  outbox: OutboxRepo;
  webhooks: Pick<WebhookRepo, 'get'>;
  deliveries: Pick<WebhookDeliveryRepo, 'recordAttempt'>;
  workspaceSecrets: WorkspaceSecretSource;
  deliverer: WebhookDeliverer;
  scheduler: DeliveryScheduler;
  clock: Clock;
  /** This process (node id + boot id), written on the claims it takes. */
  holder: string;
  logger: Logger;
  /** Jitter source (tests pin it). */
  random?: () => number;
}

/** A claim outlives the 10 s send timeout, so a live node never loses the attempt it is making. */
const claimMs = 30_000;
/** An open delivery untouched this long has lost its job (e.g. enqueued by a node that died). */
const stallMs = 15_000;

/**
 * The durable webhook outbox (decisions §6): every attempt is claimed in the store (one node sends
 * it), recorded on its delivery, and followed by the next attempt on the retry schedule or, once the
 * delivery is done (succeeded or given up), by the next event for the same call and endpoint.
 */
export class WebhookOutbox {
  constructor(private readonly d: WebhookOutboxDeps) {}

  /** One attempt of a delivery, if it is due, first in line for its endpoint and not claimed elsewhere. */
  async deliver(orgId: string, id: string): Promise<void> {
    const { outbox, clock, holder } = this.d;
    const now = clock.now();
    const delivery = await outbox.claim(orgId, id, holder, new Date(now), claimMs);
    if (!delivery) return;
    const next = nextRetryAt(delivery.attempt + 1, now, this.d.random);
    const secret = await this.secretFor(delivery);
    const done =
      secret === undefined
        ? await this.d.deliveries.recordAttempt(orgId, id, {
            status: 'failed',
            responseStatus: null,
            responseBody: null,
            error: 'The webhook is disabled; this delivery was not sent.',
            nextRetryAt: null,
            completedAt: new Date(clock.now()),
          })
        : await this.d.deliverer.attempt(delivery, secret, { nextRetryAt: next });
    if (!done) return;
    if (done.status === 'retrying' && done.next_retry_at)
      await this.d.scheduler.schedule({ orgId, id }, new Date(done.next_retry_at));
    else await this.startNext(done);
  }

  /**
   * The watchdog's pass over the outbox: attempts left unfinished by a dead node are recorded as
   * interrupted and retried at once (they count as attempts: the receiver may have got them), and
   * deliveries whose job was lost are started again. Returns how many deliveries it restarted.
   */
  async sweep(): Promise<number> {
    const now = this.d.clock.now();
    let restarted = 0;
    for (const d of await this.d.outbox.interrupted(new Date(now), 100)) {
      const last = nextRetryAt(d.attempt + 1, now) === null;
      const recorded = await this.d.outbox.recordInterrupted(d, {
        status: last ? 'failed' : 'retrying',
        responseStatus: null,
        responseBody: null,
        error: `Attempt interrupted: the process sending it (${d.locked_by}) stopped before it finished; the receiver may or may not have got it.`,
        nextRetryAt: last ? null : new Date(now),
        completedAt: last ? new Date(now) : null,
      });
      if (!recorded) continue;
      this.d.logger.warn({ deliveryId: d.id, holder: d.locked_by }, 'webhook attempt interrupted; retrying');
      restarted++;
      if (last) await this.startNext(d);
      else await this.d.scheduler.schedule({ orgId: d.org_id, id: d.id });
    }
    for (const d of await this.d.outbox.stalled(new Date(now), new Date(now - stallMs), 200)) {
      restarted++;
      await this.d.scheduler.schedule(d);
    }
    return restarted;
  }

  /** The delivery is done: the next event of the same call may now go to this endpoint. */
  private async startNext(done: PendingDelivery): Promise<void> {
    const next = await this.d.outbox.nextInLine(done);
    if (next) await this.d.scheduler.schedule(next);
  }

  /** The endpoint's signing secret; undefined when its webhook was disabled meanwhile. */
  private async secretFor(d: PendingDelivery): Promise<string | undefined> {
    if (!d.webhook_id) return this.d.workspaceSecrets.get(d.org_id);
    const w = await this.d.webhooks.get(d.org_id, d.webhook_id);
    return w && w.status === 'active' ? w.secret : undefined;
  }
}
