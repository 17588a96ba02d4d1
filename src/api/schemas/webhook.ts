import { deliveryStatuses, webhookEvents, webhookStatuses } from '../../domain/webhook/webhook.ts';
import { z } from '../openapi.ts';

const fields = {
  name: z.string().min(1).max(255).openapi({ example: 'Call events' }),
  url: z
    .url({ protocol: /^https?$/, error: 'Input should be a valid http or https URL' })
    .max(2048)
    .openapi({ example: 'https://your-server.com/webhooks/oneinbox' }),
  events: z
    .array(z.enum(webhookEvents))
    .min(1)
    .max(20)
    .openapi({ example: ['call.started', 'call.ended', 'call.analyzed'] }),
  status: z.enum(webhookStatuses).openapi({ description: '`disabled` pauses deliveries' }),
};

export const WebhookCreate = z
  .object({ name: fields.name, url: fields.url, events: fields.events })
  .openapi('WebhookCreate', {
    example: {
      name: 'Call events',
      url: 'https://your-server.com/webhooks/oneinbox',
      events: ['call.started', 'call.ended', 'call.analyzed'],
    },
  });

export const WebhookUpdate = z
  .strictObject({
    name: fields.name.nullable().optional(),
    url: fields.url.nullable().optional(),
    events: fields.events.nullable().optional(),
    status: fields.status.nullable().optional(),
  })
  .openapi('WebhookUpdate', { example: { status: 'disabled' } });

export const Webhook = z
  .object({
    id: z.string().openapi({ example: 'wh_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    name: z.string(),
    url: z.string(),
    events: z.array(z.enum(webhookEvents)),
    secret: z.string().openapi({
      description: 'Standard Webhooks signing secret; verify `webhook-signature` with it',
      example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    }),
    status: z.enum(webhookStatuses),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Webhook');

export const WebhookDelivery = z
  .object({
    id: z.string().openapi({ example: 'whd_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    webhook_id: z.string().nullable(),
    event: z.string().openapi({ example: 'call.ended' }),
    status: z.enum(deliveryStatuses),
    attempt: z.number().int().openapi({ description: 'Attempts made so far' }),
    response_status: z.number().int().nullable().openapi({ example: 200 }),
    response_body: z.string().nullable().openapi({ description: 'First 4 KiB of the answer' }),
    error: z.string().nullable(),
    next_retry_at: z.string().nullable(),
    completed_at: z.string().nullable(),
    created_at: z.string(),
    message_id: z.string().openapi({ description: 'The `webhook-id` header; the same on every attempt' }),
    call_id: z.string().nullable(),
  })
  .openapi('WebhookDelivery');
