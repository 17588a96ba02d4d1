import { expect } from 'vitest';
import type { CallMessage, CallRecord } from '../../src/domain/call/call.ts';
import type { CallLauncher } from '../../src/domain/call/call-launcher.ts';
import type { EndReason } from '../../src/domain/call/call-status.ts';
import { newId } from '../../src/domain/ids.ts';
import { json } from '../../src/store/db.ts';
import type { Harness } from './harness.ts';

export const say = (role: CallMessage['role'], content: string, at = 0): CallMessage => ({
  role,
  content,
  start_ms: at,
  end_ms: at + 1000,
});

export interface FinishedCallOptions {
  messages?: CallMessage[];
  reason?: EndReason;
  /** The call reached in_progress (answered); default true. */
  connected?: boolean;
  durationSeconds?: number;
  webhookUrl?: string | null;
  recordingKey?: string | null;
  carrier?: string;
  usage?: Record<string, unknown>;
  /** Leave the call live (`in_progress` or `initiated`) instead of ending it. */
  live?: boolean;
}

/** A call as the engine leaves it: moved along the state machine, its results written, then ended. */
export async function finishedCall(
  h: Harness,
  orgId: string,
  agentId: string,
  o: FinishedCallOptions = {},
): Promise<CallRecord> {
  const repo = h.core.callRepo;
  const id = newId('call', h.clock.now());
  const inserted = await repo.insert(orgId, {
    id,
    agent_id: agentId,
    type: 'outbound',
    direction: 'outbound',
    status: 'queued',
    from_number: '+14155550100',
    to_number: '+14155559876',
    phone_number_id: null,
    carrier: o.carrier ?? 'sim',
    room_name: null,
    scheduled_at: null,
    variables: {},
    metadata: { crm: 'c-1' },
    overrides: {},
    webhook_url: o.webhookUrl ?? null,
  });
  expect(inserted).not.toBe('daily_cap_reached');
  const connected = o.connected ?? true;
  expect(await repo.transition(orgId, id, 'initiated')).toBeDefined();
  const now = new Date(h.clock.now());
  if (connected) {
    expect(await repo.transition(orgId, id, 'in_progress')).toBeDefined();
    await h.store.db
      .updateTable('calls')
      .set({
        started_at: now,
        answered_at: now,
        duration_seconds: o.durationSeconds ?? 42,
        messages: json(o.messages ?? []),
        recording_key: o.recordingKey ?? null,
        ...(o.usage ? { usage: json(o.usage) } : {}),
      })
      .where('id', '=', id)
      .execute();
  }
  if (!o.live) {
    const reason = o.reason ?? (connected ? 'customer_hangup' : 'no_answer');
    expect(await repo.end(orgId, id, reason, { ended_at: now.toISOString() })).toBeDefined();
  }
  return (await repo.get(orgId, id))!;
}

/** Every event stored for a call, in order. */
export async function eventsOf(h: Harness, callId: string): Promise<string[]> {
  return h.core.outboxRepo.eventsOf(callId);
}

/**
 * A stand-in engine for slot and recovery tests: a launched call is answered at once
 * (`in_progress`, `call.started`); `stop` ends it like the engine would (then `lifecycle.ended`).
 */
export class AnsweringLauncher implements CallLauncher {
  readonly live = new Set<string>();
  readonly launched: string[] = [];
  private h: Harness | undefined;

  bind(h: Harness): this {
    this.h = h;
    return this;
  }

  async launch(call: CallRecord): Promise<void> {
    const h = this.h!;
    this.launched.push(call.id);
    if (!(await h.core.callRepo.transition(call.org_id, call.id, 'initiated'))) return;
    const live = await h.core.callRepo.transition(call.org_id, call.id, 'in_progress');
    if (!live) return;
    this.live.add(call.id);
    await h.core.lifecycle.connected(live);
  }

  async stop(callId: string, reason: EndReason): Promise<void> {
    const h = this.h!;
    if (!this.live.delete(callId)) return;
    const row = await h.store.db
      .selectFrom('calls')
      .select('org_id')
      .where('id', '=', callId)
      .executeTakeFirstOrThrow();
    await h.core.callRepo.end(row.org_id, callId, reason, {
      ended_at: new Date(h.clock.now()).toISOString(),
    });
    await h.core.lifecycle.ended(row.org_id, callId);
  }
}
