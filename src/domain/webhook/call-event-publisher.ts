import type { Clock } from '../../lib/clock.ts';
import type { CallMessage, CallRecord } from '../call/call.ts';
import { newId } from '../ids.ts';
import {
  type CallEventName,
  callEventPayloads,
  callUrlTarget,
  type DeliveryTarget,
  type EmittedDelivery,
  type OutboxRepo,
  webhookTarget,
} from './call-event.ts';
import type { WebhookRepo } from './webhook.ts';

/** Which webhooks belong to agents (decisions §6 targets; see docs/webhooks.md "Who receives what"). */
export interface WebhookRouting {
  /** The call's agent's `webhook_id`, and which of `webhookIds` some agent of the workspace references. */
  forAgent(
    orgId: string,
    agentId: string,
    webhookIds: string[],
  ): Promise<{ agentWebhookId: string | null; agentOwned: Set<string> }>;
}

export interface CallEventPublisherDeps {
  outbox: OutboxRepo;
  webhooks: Pick<WebhookRepo, 'subscribedTo'>;
  routing: WebhookRouting;
  /** Start delivering (enqueue the `webhook.deliver` job). */
  kick: (d: EmittedDelivery) => Promise<void>;
  /** A fresh signed recording link (4 h). */
  recordingUrl: (callId: string) => string;
  clock: Clock;
}

/**
 * Turns what happens to a call into stored events and deliveries (the outbox), in the per-call
 * order call.started → transcript.partial* → call.ended|call.failed → call.analyzed →
 * transcript.final → call.recording.available. Emitting twice is harmless: lifecycle events are
 * stored once per call.
 */
export class CallEventPublisher {
  constructor(private readonly d: CallEventPublisherDeps) {}

  async started(call: CallRecord): Promise<void> {
    await this.emit(call, 'call.started', callEventPayloads.started(call, this.d.clock.now()));
  }

  async partial(call: CallRecord, message: CallMessage, index: number): Promise<void> {
    await this.emit(
      call,
      'transcript.partial',
      callEventPayloads.partial(call, this.d.clock.now(), message, index),
    );
  }

  /**
   * The events of an ended, finalised call. The terminal event is `call.ended` for a call that
   * connected (it emitted `call.started`, or it was answered) and `call.failed` otherwise; a
   * connected call whose `call.started` was never emitted (its node died) gets it first.
   */
  async afterCall(call: CallRecord): Promise<void> {
    const now = this.d.clock.now();
    const seen = new Set(await this.d.outbox.eventsOf(call.id));
    const connected =
      seen.has('call.started') ||
      seen.has('call.ended') ||
      call.answered_at !== null ||
      call.status === 'completed';
    if (connected && !seen.has('call.started')) await this.started(call);
    const terminal = seen.has('call.failed') ? 'call.failed' : connected ? 'call.ended' : 'call.failed';
    await this.emit(call, terminal, callEventPayloads.terminal(terminal, call, now));
    await this.emit(call, 'call.analyzed', callEventPayloads.analyzed(call, now));
    if (connected) await this.emit(call, 'transcript.final', callEventPayloads.final(call, now));
    if (call.recording_key)
      await this.emit(
        call,
        'call.recording.available',
        callEventPayloads.recording(call, now, this.d.recordingUrl(call.id)),
      );
  }

  private async emit(
    call: CallRecord,
    event: CallEventName,
    payload: Record<string, unknown>,
  ): Promise<void> {
    const targets = await this.targets(call, event);
    // Partials are many and matter only live: store none nobody listens to.
    if (event === 'transcript.partial' && targets.length === 0) return;
    const r = await this.d.outbox.emit({
      orgId: call.org_id,
      callId: call.id,
      event,
      payload,
      messageId: newId('message', this.d.clock.now()),
      targets,
      now: new Date(this.d.clock.now()),
    });
    for (const delivery of r.deliveries) if (delivery.ready) await this.d.kick(delivery);
  }

  /**
   * Active webhooks subscribed to the event, except webhooks that some agent references, which
   * receive only their agents' calls; plus the call's own `webhook_url` (every event).
   */
  private async targets(call: CallRecord, event: CallEventName): Promise<DeliveryTarget[]> {
    const subscribed = await this.d.webhooks.subscribedTo(call.org_id, event);
    const targets: DeliveryTarget[] = [];
    // Routing only filters subscribed webhooks: with none (every transcript line of most calls), skip its query.
    if (subscribed.length) {
      const { agentWebhookId, agentOwned } = await this.d.routing.forAgent(
        call.org_id,
        call.agent_id,
        subscribed.map((w) => w.id),
      );
      for (const w of subscribed)
        if (!agentOwned.has(w.id) || w.id === agentWebhookId) targets.push(webhookTarget(w));
    }
    if (call.webhook_url) targets.push(callUrlTarget(call.webhook_url));
    return targets;
  }
}
