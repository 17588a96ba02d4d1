import fs from 'node:fs/promises';
import type { ApiClient } from './api-client.ts';

export interface SimulateInboundOptions {
  number?: string | undefined;
  from?: string | undefined;
  script?: string | undefined;
  wait?: boolean | undefined;
}

interface CallView {
  id: string;
  status: string;
  end_reason: string | null;
  error_message: string | null;
  messages: { role: string; content: string; start_ms: number }[];
}

/** `--script` file: a JSON array of steps, or a whole `sim` object (`{answer, script, persona, voice}`). */
async function readSim(file: string | undefined): Promise<unknown> {
  if (!file) return undefined;
  const parsed: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
  return Array.isArray(parsed) ? { script: parsed } : parsed;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `calls simulate-inbound --number +1555… [--from +1…] [--script file.json] [--wait]`: a simulated
 * caller rings one of the workspace's sim numbers (POST /v1/phone-numbers/{id}/simulate-inbound);
 * with --wait, prints the conversation once the call has ended.
 */
export async function simulateInbound(
  api: ApiClient,
  o: SimulateInboundOptions,
): Promise<{ call: CallView; text: string }> {
  if (!o.number) throw new Error('missing --number (the sim number to call, E.164)');
  const page = await api.call<{ items: { id: string; phone_number: string }[] }>(
    'GET',
    '/v1/phone-numbers?limit=100',
  );
  const number = page.items.find((n) => n.phone_number === o.number);
  if (!number) throw new Error(`${o.number} is not a number of this workspace (see GET /v1/phone-numbers)`);
  const sim = await readSim(o.script);
  let call = await api.call<CallView>('POST', `/v1/phone-numbers/${number.id}/simulate-inbound`, {
    from_number: o.from ?? '+15550000000',
    ...(sim !== undefined ? { sim } : {}),
  });
  if (o.wait)
    while (call.status !== 'completed' && call.status !== 'failed') {
      await sleep(500);
      call = await api.call<CallView>('GET', `/v1/calls/${call.id}`);
    }
  const lines = [`call ${call.id}: ${call.status}${call.end_reason ? ` (${call.end_reason})` : ''}`];
  if (call.error_message) lines.push(`error: ${call.error_message}`);
  for (const m of call.messages)
    lines.push(`${(m.start_ms / 1000).toFixed(1).padStart(6)} s  ${m.role}: ${m.content}`);
  return { call, text: lines.join('\n') };
}
