import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { AgentToolRunner } from './agent-tools.ts';
import type { ToolSpec } from './tool-runner.ts';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let base = '';
const seen: Seen[] = [];
let onRequest: ((req: Seen, res: http.ServerResponse) => void) | undefined;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const s = { method: req.method!, url: req.url!, headers: req.headers, body };
      seen.push(s);
      if (onRequest) return onRequest(s, res);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ in_stock: 3 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function runner(specs: ToolSpec[]) {
  const clock = new ManualClock(0);
  const ctl: string[] = [];
  const extracted: Record<string, unknown> = {};
  const tools = new AgentToolRunner(specs, {
    fetch: (url, init) => fetch(url, init),
    clock,
    variables: { api_token: 'tok_123', shop: 'main' },
    control: { endCall: (r) => ctl.push(`end:${r}`), transfer: (to) => ctl.push(`transfer:${to}`) },
    extracted: { put: (name, data) => (extracted[name] = data) },
  });
  const call = (name: string, args: unknown, signal = new AbortController().signal) =>
    tools.run({ id: 'c1', name, arguments: typeof args === 'string' ? args : JSON.stringify(args) }, signal);
  return { clock, tools, ctl, extracted, call };
}

const apiTool = (over: Partial<ToolSpec> = {}): ToolSpec => ({
  name: 'check_inventory',
  type: 'api_call',
  description: 'Check stock',
  url: `${base}/shops/{{shop}}/items/{{sku}}`,
  method: 'GET',
  headers: { Authorization: 'Bearer {{api_token}}' },
  parameters: [
    { name: 'sku', required: true, description: 'item code' },
    { name: 'size', type: 'string', required: false, description: 'size', enum: ['S', 'M', 'L'] },
    { name: 'qty', type: 'integer', required: false, description: 'quantity' },
  ],
  ...over,
});

describe('AgentToolRunner', () => {
  it('describes every tool to the model with a JSON Schema for its arguments', () => {
    const { tools } = runner([
      apiTool(),
      { name: 'hangup', type: 'end_call', description: null },
      {
        name: 'lead',
        type: 'extract_information',
        description: 'Save lead',
        extraction_schema: { fields: [{ name: 'email', description: 'e-mail', required: true }] },
      },
    ]);
    const defs = tools.definitions();
    expect(defs.map((d) => d.name)).toEqual(['check_inventory', 'hangup', 'lead']);
    expect(defs[0]!.parameters).toEqual({
      type: 'object',
      properties: {
        sku: { type: 'string', description: 'item code' },
        size: { type: 'string', description: 'size', enum: ['S', 'M', 'L'] },
        qty: { type: 'integer', description: 'quantity' },
      },
      required: ['sku'],
    });
    expect(defs[1]!.description).toMatch(/End the call/);
    expect(defs[2]!.parameters).toMatchObject({ required: ['email'] });
  });

  it('api_call: GET with URL and header templates, remaining arguments in the query', async () => {
    const { call } = runner([apiTool()]);
    seen.length = 0;
    const out = await call('check_inventory', { sku: 'AB-1', size: 'M', qty: '2', extra: 'dropped' });
    expect(out).toEqual({ result: { status: 200, body: { in_stock: 3 } } });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/shops/main/items/AB-1?size=M&qty=2' });
    expect(seen[0]!.headers.authorization).toBe('Bearer tok_123');
  });

  it('api_call: POST sends a JSON body; an HTTP error becomes a result the model can read', async () => {
    const { call } = runner([apiTool({ method: 'POST', url: `${base}/orders` })]);
    seen.length = 0;
    onRequest = (_req, res) => {
      res.statusCode = 503;
      res.end('busy');
    };
    const out = await call('check_inventory', { sku: 'X' });
    onRequest = undefined;
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/orders', body: '{"sku":"X"}' });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(out.result).toEqual({ error: 'HTTP 503', status: 503, body: 'busy' });
  });

  it('api_call: refuses bad arguments without calling out', async () => {
    const { call } = runner([apiTool()]);
    seen.length = 0;
    expect((await call('check_inventory', { size: 'M' })).result).toEqual({
      error: 'missing required parameter sku',
    });
    expect((await call('check_inventory', { sku: 'a', size: 'XL' })).result).toEqual({
      error: 'parameter size must be one of S, M, L',
    });
    expect((await call('check_inventory', { sku: 'a', qty: 'many' })).result).toEqual({
      error: 'parameter qty must be an integer',
    });
    expect((await call('check_inventory', '{oops')).result).toEqual({
      error: 'arguments are not valid JSON',
    });
    expect(seen).toHaveLength(0);
  });

  it('api_call: times out on the injected clock', async () => {
    const { call, clock } = runner([apiTool({ timeout_seconds: 3 })]);
    let arrived!: () => void;
    const reached = new Promise<void>((r) => (arrived = r));
    onRequest = () => arrived();
    const pending = call('check_inventory', { sku: 'slow' });
    await reached;
    clock.advance(2999);
    clock.advance(1);
    expect((await pending).result).toEqual({ error: 'request timed out after 3 s' });
    onRequest = undefined;
  });

  it('api_call: an interruption aborts the request and throws', async () => {
    const { call } = runner([apiTool()]);
    let arrived!: () => void;
    const reached = new Promise<void>((r) => (arrived = r));
    onRequest = () => arrived();
    const ac = new AbortController();
    const pending = call('check_inventory', { sku: 'slow' }, ac.signal);
    await reached;
    ac.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    onRequest = undefined;
  });

  it('end_call and transfer_call go through call control and end the reply', async () => {
    const { call, ctl } = runner([
      { name: 'hangup', type: 'end_call', description: null },
      { name: 'to_human', type: 'transfer_call', description: null, transfer_to: '+15105550100' },
    ]);
    expect(await call('hangup', {})).toEqual({ result: { status: 'ending call' }, terminal: true });
    expect(await call('to_human', '')).toEqual({
      result: { status: 'transferring', to: '+15105550100' },
      terminal: true,
    });
    expect(ctl).toEqual(['end:agent_hangup', 'transfer:+15105550100']);
  });

  it('extract_information stores the schema fields under the tool name, and insists on required ones', async () => {
    const { call, extracted } = runner([
      {
        name: 'lead',
        type: 'extract_information',
        description: 'x',
        extraction_schema: {
          fields: [
            { name: 'email', description: '', required: true },
            { name: 'budget', description: '', required: false },
          ],
        },
      },
    ]);
    expect((await call('lead', { budget: '5k' })).result).toEqual({
      error: 'missing required fields: email',
    });
    expect((await call('lead', { email: 'a@b.c', budget: '5k', junk: 1 })).result).toEqual({
      status: 'saved',
      fields: ['email', 'budget'],
    });
    expect(extracted).toEqual({ lead: { email: 'a@b.c', budget: '5k' } });
  });

  it('answers unknown names and unsupported types with an error, and reports filler/background behaviour', async () => {
    const { call, tools } = runner([
      { name: 'sms', type: 'send_sms', description: 'x' },
      apiTool({ name: 'slow', speak_during_execution: true, run_in_background: true }),
    ]);
    expect((await call('nope', {})).result).toEqual({ error: 'there is no tool named nope' });
    expect((await call('sms', {})).result).toEqual({
      error: 'send_sms tools are not supported during calls yet',
    });
    expect(tools.behaviour('slow')).toEqual({ background: true, filler: 'One moment, please.' });
    expect(tools.behaviour('sms')).toEqual({ background: false });
  });
});
