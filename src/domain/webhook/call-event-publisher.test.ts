import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import type { CallMessage, CallRecord } from '../call/call.ts';
import type { OutboxRepo } from './call-event.ts';
import { CallEventPublisher, type WebhookRouting } from './call-event-publisher.ts';
import type { Webhook } from './webhook.ts';

const hook = (id: string): Webhook => ({
  id,
  name: id,
  url: `https://example.test/${id}`,
  events: ['transcript.partial'],
  secret: 's',
  status: 'active',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
});

/** A publisher over in-memory ports that record what they were asked. */
function publisher(subscribed: Webhook[], owned: { agentWebhookId: string | null; agentOwned: string[] }) {
  const emitted: { event: string; targets: string[] }[] = [];
  const routingCalls: string[][] = [];
  const outbox = {
    emit: async (e: Parameters<OutboxRepo['emit']>[0]) => {
      emitted.push({ event: e.event, targets: e.targets.map((t) => t.url) });
      return { emitted: true, deliveries: [] };
    },
    eventsOf: async () => [],
  } as unknown as OutboxRepo;
  const routing: WebhookRouting = {
    forAgent: async (_org, _agent, ids) => {
      routingCalls.push(ids);
      return { agentWebhookId: owned.agentWebhookId, agentOwned: new Set(owned.agentOwned) };
    },
  };
  const p = new CallEventPublisher({
    outbox,
    webhooks: { subscribedTo: async () => subscribed },
    routing,
    kick: async () => undefined,
    recordingUrl: (id) => `https://parley.test/rec/${id}`,
    clock: new ManualClock(),
  });
  return { p, emitted, routingCalls };
}

const call = (webhook_url: string | null) =>
  ({
    id: 'call_1',
    org_id: 'org_1',
    agent_id: 'agent_a',
    webhook_url,
    created_at: '2026-01-01T00:00:00Z',
  }) as unknown as CallRecord;
const line: CallMessage = { role: 'user', content: 'hello', start_ms: 0, end_ms: 500 };

describe('CallEventPublisher targets', () => {
  it('stores no partial and asks no routing question when no webhook is subscribed', async () => {
    const { p, emitted, routingCalls } = publisher([], { agentWebhookId: null, agentOwned: [] });
    await p.partial(call(null), line, 0);
    expect(emitted).toEqual([]);
    expect(routingCalls).toEqual([]);
  });

  it("still delivers a partial to the call's own webhook_url with no webhook subscribed", async () => {
    const { p, emitted, routingCalls } = publisher([], { agentWebhookId: null, agentOwned: [] });
    await p.partial(call('https://client.test/hook'), line, 0);
    expect(emitted).toEqual([{ event: 'transcript.partial', targets: ['https://client.test/hook'] }]);
    expect(routingCalls).toEqual([]);
  });

  it("keeps workspace webhooks and the call's agent's own, and drops other agents' webhooks", async () => {
    const { p, emitted, routingCalls } = publisher([hook('w_all'), hook('w_mine'), hook('w_other')], {
      agentWebhookId: 'w_mine',
      agentOwned: ['w_mine', 'w_other'],
    });
    await p.partial(call(null), line, 0);
    expect(routingCalls).toEqual([['w_all', 'w_mine', 'w_other']]);
    expect(emitted).toEqual([
      {
        event: 'transcript.partial',
        targets: ['https://example.test/w_all', 'https://example.test/w_mine'],
      },
    ]);
  });
});
