import { expect } from 'vitest';
import type { Harness } from './harness.ts';
import { createIntegration } from './integrations.ts';

export type Body = Record<string, unknown>;

/** A workspace's email and calendar integrations, one valid create body per tool type, and a create helper. */
export interface ToolFixture {
  resend: string;
  calcom: string;
  valid(): Record<string, Body>;
  newTool(type?: string, extra?: Body, key?: string): Promise<any>;
}

export async function toolFixture(h: Harness): Promise<ToolFixture> {
  const resend = (await createIntegration(h, 'resend')).id;
  const calcom = (await createIntegration(h, 'calcom')).id;
  const valid = (): Record<string, Body> => ({
    api_call: {
      type: 'api_call',
      name: 'check_inventory',
      description: 'Check if a product is in stock',
      url: 'https://api.example.com/inventory/{{sku}}',
      method: 'POST',
      headers: { Authorization: 'Bearer {{api_token}}' },
      parameters: [
        { name: 'sku', type: 'string', required: true, description: 'Product SKU', enum: ['a', 'b'] },
      ],
    },
    transfer_call: { type: 'transfer_call', name: 'transfer_to_human', transfer_to: '+15105550100' },
    end_call: { type: 'end_call', name: 'hangup', description: 'The caller says goodbye' },
    send_sms: {
      type: 'send_sms',
      name: 'sms',
      messaging_config: { to: 'caller', body_template: 'Hi {name}' },
    },
    send_email: {
      type: 'send_email',
      name: 'email',
      credential_id: resend,
      messaging_config: { to: '{{customer_email}}', subject_template: 'Hello', body_template: 'Body' },
    },
    schedule_calendar_event: {
      type: 'schedule_calendar_event',
      name: 'book',
      credential_id: calcom,
      calendar_config: { calendar_id: 123456, duration_minutes: 30, timezone: 'America/New_York' },
    },
    extract_information: {
      type: 'extract_information',
      name: 'qualify',
      extraction_schema: { fields: [{ name: 'budget', description: 'Monthly budget' }] },
    },
  });
  const newTool = async (type = 'end_call', extra: Body = {}, key?: string) => {
    const r = await h.json('POST', '/v1/tools', {
      body: { ...valid()[type], ...extra },
      ...(key ? { key } : {}),
    });
    expect(r.status).toBe(201);
    return r.body;
  };
  return { resend, calcom, valid, newTool };
}

/** The `loc` of every 422 issue in a response. */
export const locs = (r: { body: { detail: { loc: unknown }[] } }) => r.body.detail.map((d) => d.loc);
