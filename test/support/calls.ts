import { expect } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { composeCalls } from '../../src/compose-calls.ts';
import { loadConfig } from '../../src/config/config.ts';
import type { CallRecord, NewCall } from '../../src/domain/call/call.ts';
import type { CallLauncher } from '../../src/domain/call/call-launcher.ts';
import type { EndReason } from '../../src/domain/call/call-status.ts';
import { newId } from '../../src/domain/ids.ts';
import { PgVoiceLookup } from '../../src/store/voices-repo.ts';
import { createHarness, type Harness } from './harness.ts';

/** A launcher that records what the API hands it and, like the engine, ends a call it is told to stop. */
export class RecordingLauncher implements CallLauncher {
  launched: string[] = [];
  stopped: [string, EndReason][] = [];
  failWith: Error | undefined;
  constructor(private readonly h: Harness) {}
  async launch(call: CallRecord): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.launched.push(call.id);
  }
  async stop(callId: string, reason: EndReason): Promise<void> {
    this.stopped.push([callId, reason]);
    const call = (await this.h.store.db
      .selectFrom('calls')
      .select('org_id')
      .where('id', '=', callId)
      .executeTakeFirstOrThrow()) as { org_id: string };
    await this.h.core.callRepo.end(call.org_id, callId, reason, { ended_at: new Date().toISOString() });
  }
}

/** The Calls API over the harness's store and queue, with another launcher or environment. */
export async function callsApi(
  h: Harness,
  opts: { launcher?: CallLauncher; env?: Record<string, string> } = {},
) {
  const config = loadConfig({ PARLEY_DATA_DIR: '/tmp/parley-test-unused', NODE_ENV: 'test', ...opts.env });
  const wired = await composeCalls({
    ...h.core,
    config,
    db: h.store.db,
    agents: h.core.agents,
    voices: new PgVoiceLookup(h.store.db),
    launcher: opts.launcher,
  });
  const app = createApp({ ...h.core.api, calls: wired.calls, webCalls: wired.webCalls });
  const json = async (
    method: string,
    path: string,
    o: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { authorization: `Bearer ${o.key ?? h.adminKey}`, ...o.headers };
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.request(path, {
      method,
      headers,
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  return { ...wired, app, json };
}

/** Register a phone number directly in a workspace (the phone-numbers API is another issue's). */
export async function addNumber(h: Harness, orgId: string, phoneNumber: string, provider = 'sim') {
  await h.store.db
    .insertInto('phone_numbers')
    .values({ id: newId('phoneNumber'), org_id: orgId, phone_number: phoneNumber, provider })
    .execute();
  return phoneNumber;
}

/** A workspace speech-to-text integration (BYOK), so phone and web calls are allowed. */
export async function addSttIntegration(h: Harness, orgId: string, provider = 'deepgram') {
  await h.store.db
    .insertInto('integrations')
    .values({
      id: newId('integration'),
      org_id: orgId,
      name: provider,
      provider,
      encrypted_key: h.core.secrets.encrypt('test-key'),
      masked_key: 'test••••',
    })
    .execute();
}

/** Create an agent over the API in the workspace of `key`. */
export async function newAgent(h: Harness, key?: string): Promise<string> {
  const r = await h.json('POST', '/v1/agents', { body: { name: 'Caller' }, ...(key ? { key } : {}) });
  expect(r.status).toBe(201);
  return r.body.id;
}

/** A random E.164 number, unique enough for one test run. */
export function randomNumber(): string {
  return `+1415${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
}

/** What a Calls API test file starts from: a harness, an agent, a sim number and the API over a RecordingLauncher. */
export interface CallsFixture {
  h: Harness;
  agentId: string;
  fromNumber: string;
  launcher: RecordingLauncher;
  api: Awaited<ReturnType<typeof callsApi>>;
  /** A valid POST /v1/calls body from the fixture's agent and number, with `extra` on top. */
  body(extra?: Record<string, unknown>): Record<string, unknown>;
}

export async function callsFixture(): Promise<CallsFixture> {
  const h = await createHarness();
  const agentId = await newAgent(h);
  const fromNumber = await addNumber(h, h.orgId, randomNumber());
  const launcher = new RecordingLauncher(h);
  const api = await callsApi(h, { launcher });
  const body = (extra: Record<string, unknown> = {}) => ({
    agent_id: agentId,
    to_number: '+14155559876',
    from_number: fromNumber,
    ...extra,
  });
  return { h, agentId, fromNumber, launcher, api, body };
}

/** The fields of a web-call session response, sorted. */
export const webSessionFields = [
  'agent_id',
  'created_at',
  'id',
  'participant_token',
  'room_name',
  'server_url',
  'status',
  'type',
];

/** A queued outbound call row for `CallRepo.insert`, with a fresh id; `fields` override any column. */
export function newCallRow(agentId: string, fields: Partial<NewCall> = {}): NewCall {
  return {
    id: newId('call'),
    agent_id: agentId,
    type: 'outbound',
    direction: 'outbound',
    status: 'queued',
    from_number: null,
    to_number: null,
    phone_number_id: null,
    carrier: null,
    room_name: null,
    scheduled_at: null,
    variables: {},
    metadata: {},
    overrides: {},
    webhook_url: null,
    ...fields,
  };
}
