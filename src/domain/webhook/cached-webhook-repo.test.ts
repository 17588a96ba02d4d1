import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { CachedWebhookRepo } from './cached-webhook-repo.ts';
import type { Webhook, WebhookRepo } from './webhook.ts';

const hook = (id: string) => ({ id, events: ['transcript.partial'] }) as unknown as Webhook;

/** An in-memory repo that counts the subscriber lookups it answers. */
function countingRepo() {
  const hooks = new Map<string, Webhook[]>();
  const reads: string[] = [];
  let fail = false;
  const repo: WebhookRepo = {
    subscribedTo: async (org, event) => {
      reads.push(`${org}:${event}`);
      if (fail) throw new Error('store down');
      return hooks.get(org) ?? [];
    },
    insert: async (org, w) => {
      hooks.set(org, [...(hooks.get(org) ?? []), w as Webhook]);
      return w as Webhook;
    },
    update: async (org, id) => hooks.get(org)?.find((w) => w.id === id),
    delete: async (org, id) => {
      hooks.set(
        org,
        (hooks.get(org) ?? []).filter((w) => w.id !== id),
      );
      return true;
    },
    get: async () => undefined,
    list: async () => ({ items: [], total: 0 }),
    agentsUsing: async () => [],
  };
  return { repo, hooks, reads, setFail: (f: boolean) => (fail = f) };
}

describe('CachedWebhookRepo', () => {
  it('answers transcript.partial lookups from one read per workspace until the TTL passes', async () => {
    const clock = new ManualClock(0);
    const inner = countingRepo();
    inner.hooks.set('org_a', [hook('wh_1')]);
    const repo = new CachedWebhookRepo(inner.repo, clock, 2000);
    for (let i = 0; i < 5; i++)
      expect(await repo.subscribedTo('org_a', 'transcript.partial')).toEqual([hook('wh_1')]);
    expect(await repo.subscribedTo('org_b', 'transcript.partial')).toEqual([]);
    expect(inner.reads).toEqual(['org_a:transcript.partial', 'org_b:transcript.partial']);
    clock.advance(1999);
    await repo.subscribedTo('org_a', 'transcript.partial');
    expect(inner.reads).toHaveLength(2);
    clock.advance(1);
    await repo.subscribedTo('org_a', 'transcript.partial');
    expect(inner.reads).toHaveLength(3);
  });

  it('reads every other event from the store each time', async () => {
    const inner = countingRepo();
    const repo = new CachedWebhookRepo(inner.repo, new ManualClock(0));
    await repo.subscribedTo('org_a', 'call.ended');
    await repo.subscribedTo('org_a', 'call.ended');
    expect(inner.reads).toEqual(['org_a:call.ended', 'org_a:call.ended']);
  });

  it('drops the workspace entry when a webhook is created, changed or deleted through it', async () => {
    const inner = countingRepo();
    const repo = new CachedWebhookRepo(inner.repo, new ManualClock(0));
    expect(await repo.subscribedTo('org_a', 'transcript.partial')).toEqual([]);
    await repo.insert('org_a', hook('wh_1'));
    expect(await repo.subscribedTo('org_a', 'transcript.partial')).toEqual([hook('wh_1')]);
    await repo.update('org_a', 'wh_1', {});
    await repo.subscribedTo('org_a', 'transcript.partial');
    await repo.delete('org_a', 'wh_1');
    expect(await repo.subscribedTo('org_a', 'transcript.partial')).toEqual([]);
    expect(inner.reads).toHaveLength(4);
  });

  it('does not keep a failed read', async () => {
    const inner = countingRepo();
    const repo = new CachedWebhookRepo(inner.repo, new ManualClock(0));
    inner.setFail(true);
    await expect(repo.subscribedTo('org_a', 'transcript.partial')).rejects.toThrow('store down');
    inner.setFail(false);
    expect(await repo.subscribedTo('org_a', 'transcript.partial')).toEqual([]);
    expect(inner.reads).toHaveLength(2);
  });
});
