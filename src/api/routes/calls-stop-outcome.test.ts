import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallsFixture, callsFixture, type RecordingLauncher } from '../../../test/support/calls.ts';
import type { Harness } from '../../../test/support/harness.ts';
import type { CallStatus } from '../../domain/call/call-status.ts';

let h: Harness;
let launcher: RecordingLauncher;
let api: CallsFixture['api'];
let body: CallsFixture['body'];
beforeAll(async () => {
  ({ h, launcher, api, body } = await callsFixture());
});
afterAll(async () => {
  await h.close();
});

async function createCall(extra: Record<string, unknown> = {}) {
  const r = await api.json('POST', '/v1/calls', { body: body(extra) });
  expect(r.status).toBe(201);
  return r.body as { id: string; status: CallStatus };
}

/** A call moved along the state machine to `status` (as the engine would). */
async function callIn(status: CallStatus) {
  const { id } = await createCall();
  const path: Record<CallStatus, CallStatus[]> = {
    queued: [],
    initiated: ['initiated'],
    in_progress: ['initiated', 'in_progress'],
    completed: ['initiated', 'in_progress', 'completed'],
    failed: ['failed'],
  };
  for (const s of path[status]) expect(await h.core.callRepo.transition(h.orgId, id, s)).toBeDefined();
  return id;
}

describe('POST /v1/calls/{call_id}/stop', () => {
  it('200 cancels a scheduled call: failed/cancelled, its dispatch job removed, never dispatched', async () => {
    const at = h.clock.now() + 600_000;
    const { id } = await createCall({ scheduled_at: new Date(at).toISOString() });
    const pending = () =>
      h.queue.queued('call.dispatch').filter((j) => (j.data as { callId: string }).callId === id);
    expect(pending()).toHaveLength(1);
    const r = await api.json('POST', `/v1/calls/${id}/stop`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id, status: 'failed', end_reason: 'cancelled' });
    expect(r.body.ended_at).not.toBeNull();
    expect(pending()).toHaveLength(0);
    // Even if a dispatch job still fires (e.g. another node had already fetched it), a cancelled call is skipped.
    await h.queue.send('call.dispatch', { orgId: h.orgId, callId: id });
    await h.queue.drain(at);
    expect(launcher.launched).not.toContain(id);
  });

  it('200 is idempotent: stopping an ended call returns it unchanged', async () => {
    const { id } = await createCall({ scheduled_at: new Date(h.clock.now() + 600_000).toISOString() });
    const first = await api.json('POST', `/v1/calls/${id}/stop`);
    const again = await api.json('POST', `/v1/calls/${id}/stop`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it('200 hangs up an in-progress call through the launcher with api_stop → completed', async () => {
    const id = await callIn('in_progress');
    const r = await api.json('POST', `/v1/calls/${id}/stop`);
    expect(r.status).toBe(200);
    expect(launcher.stopped).toContainEqual([id, 'api_stop']);
    expect(r.body).toMatchObject({ status: 'completed', end_reason: 'api_stop' });
  });

  it('200 hangs up a ringing (initiated) call through the launcher → failed/api_stop', async () => {
    const id = await callIn('initiated');
    const r = await api.json('POST', `/v1/calls/${id}/stop`);
    expect(launcher.stopped).toContainEqual([id, 'api_stop']);
    expect(r.body).toMatchObject({ status: 'failed', end_reason: 'api_stop' });
  });

  it('200 leaves a live call as it is while no call engine is installed (idle launcher)', async () => {
    const id = await callIn('in_progress');
    const r = await h.json('POST', `/v1/calls/${id}/stop`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'in_progress', end_reason: null });
  });

  it('200 no-op on completed and failed calls, without calling the launcher', async () => {
    for (const status of ['completed', 'failed'] as const) {
      const id = await callIn(status);
      const r = await api.json('POST', `/v1/calls/${id}/stop`);
      expect(r.status).toBe(200);
      expect(r.body.status).toBe(status);
      expect(launcher.stopped.map(([c]) => c)).not.toContain(id);
    }
  });

  it('404 CALL_NOT_FOUND for an unknown or malformed id', async () => {
    for (const id of ['call_01jd8x2k3m4n5p6q7r8s9t0v1w', 'x']) {
      const r = await h.json('POST', `/v1/calls/${id}/stop`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('CALL_NOT_FOUND');
    }
  });
});

describe('the calls repo writes only allowed transitions', () => {
  it('refuses to move an ended call, and a second writer loses the race', async () => {
    const id = await callIn('completed');
    for (const to of ['queued', 'initiated', 'in_progress', 'failed', 'completed'] as const)
      expect(await h.core.callRepo.transition(h.orgId, id, to)).toBeUndefined();
    expect(
      await h.core.callRepo.end(h.orgId, id, 'error', { ended_at: new Date().toISOString() }),
    ).toBeUndefined();
    const q = await callIn('queued');
    const [a, b] = await Promise.all([
      h.core.callRepo.transition(h.orgId, q, 'initiated'),
      h.core.callRepo.end(h.orgId, q, 'cancelled', { ended_at: new Date().toISOString() }, ['queued']),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
  });
});

describe('PATCH /v1/calls/{call_id}', () => {
  it('200 stores the outcome in outcome and analysis.outcome with the manual marker, returning the full call', async () => {
    const { id } = await createCall();
    await h.store.db
      .updateTable('calls')
      .set({ analysis: JSON.stringify({ summary: 'Asked for pricing' }) })
      .where('id', '=', id)
      .execute();
    const r = await h.json('PATCH', `/v1/calls/${id}`, { body: { outcome: 'interested' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id,
      outcome: 'interested',
      analysis: { outcome: 'interested', outcome_source: 'manual', summary: 'Asked for pricing' },
    });
    expect(r.body).toHaveProperty('messages');
    expect((await h.json('GET', `/v1/calls/${id}`)).body).toEqual(r.body);
  });

  it('200 accepts a client label that is not a built-in or workspace outcome, up to 40 characters', async () => {
    const { id } = await createCall();
    const label = `a${'b_9'.repeat(13)}`;
    expect(label).toHaveLength(40);
    const r = await h.json('PATCH', `/v1/calls/${id}`, { body: { outcome: label } });
    expect(r.status).toBe(200);
    expect(r.body.outcome).toBe(label);
  });

  for (const status of ['queued', 'initiated', 'in_progress', 'completed', 'failed'] as const) {
    it(`200 on a ${status} call, leaving its status alone`, async () => {
      const id = await callIn(status);
      const r = await h.json('PATCH', `/v1/calls/${id}`, { body: { outcome: 'not_interested' } });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ status, outcome: 'not_interested' });
    });
  }

  it('200 a later PATCH replaces the outcome', async () => {
    const { id } = await createCall();
    await h.json('PATCH', `/v1/calls/${id}`, { body: { outcome: 'interested' } });
    const r = await h.json('PATCH', `/v1/calls/${id}`, { body: { outcome: 'appointment_booked' } });
    expect(r.body.analysis).toMatchObject({ outcome: 'appointment_booked', outcome_source: 'manual' });
  });

  const badOutcomes: [string, unknown][] = [
    ['Title Case', 'Interested'],
    ['leading digit', '1st_call'],
    ['leading underscore', '_interested'],
    ['hyphen', 'not-interested'],
    ['space', 'not interested'],
    ['41 characters', `a${'b'.repeat(40)}`],
    ['empty', ''],
  ];
  for (const [label, outcome] of badOutcomes) {
    it(`422 naming the rule for ${label}`, async () => {
      const { id } = await createCall();
      const r = await h.json('PATCH', `/v1/calls/${id}`, { body: { outcome } });
      expect(r.status).toBe(422);
      expect(r.body.detail[0]).toMatchObject({ loc: ['body', 'outcome'], type: 'string_pattern_mismatch' });
      expect(r.body.detail[0].msg).toContain('^[a-z][a-z0-9_]{0,39}$');
    });
  }

  // Wrong-type cases check only `loc`: the shared zod→FastAPI mapper currently reports them as `missing`.
  const badBodies: [string, unknown, (string | number)[], string | undefined][] = [
    [
      'another field with outcome',
      { outcome: 'interested', status: 'completed' },
      ['body', 'status'],
      'extra_forbidden',
    ],
    ['only another field', { ai_summary: 'x' }, ['body', 'ai_summary'], 'extra_forbidden'],
    ['no outcome', {}, ['body', 'outcome'], 'missing'],
    ['null outcome', { outcome: null }, ['body', 'outcome'], undefined],
    ['numeric outcome', { outcome: 3 }, ['body', 'outcome'], undefined],
  ];
  for (const [label, b, loc, type] of badBodies) {
    it(`422 for ${label}`, async () => {
      const { id } = await createCall();
      const r = await h.json('PATCH', `/v1/calls/${id}`, { body: b });
      expect(r.status).toBe(422);
      expect(r.body.detail).toContainEqual(expect.objectContaining(type ? { loc, type } : { loc }));
      expect((await h.json('GET', `/v1/calls/${id}`)).body.outcome).toBeNull();
    });
  }

  it('404 CALL_NOT_FOUND for an unknown call, a malformed id and another workspace’s call', async () => {
    const { id } = await createCall();
    const other = await h.newWorkspace();
    const cases: [string, string | undefined][] = [
      ['call_01jd8x2k3m4n5p6q7r8s9t0v1w', undefined],
      ['nope', undefined],
      [id, other.key],
    ];
    for (const [callId, key] of cases) {
      const r = await h.json('PATCH', `/v1/calls/${callId}`, {
        body: { outcome: 'interested' },
        ...(key ? { key } : {}),
      });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('CALL_NOT_FOUND');
    }
    expect((await h.json('GET', `/v1/calls/${id}`)).body.outcome).toBeNull();
  });
});
