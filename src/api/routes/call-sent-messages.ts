import { createRoute } from '@hono/zod-openapi';
import type { SentMessageService } from '../../domain/message/sent-message-service.ts';
import { orgOf } from '../middleware/auth.ts';
import { createRouter, errorResponses, idParams, jsonResponse, secured, z } from '../openapi.ts';

const SentMessage = z
  .object({
    id: z.string().openapi({ example: 'msg_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    call_id: z.string().openapi({ example: 'call_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    tool_name: z.string().openapi({ example: 'text_payment_link' }),
    channel: z.enum(['sms', 'email']),
    provider: z.string().openapi({ description: 'sim, twilio, telnyx, resend or sendgrid', example: 'sim' }),
    provider_message_id: z
      .string()
      .nullable()
      .openapi({ description: 'The carrier’s or email provider’s id; null when nothing was accepted' }),
    from: z.string().nullable().openapi({ example: '+14155550100' }),
    to: z.string().openapi({ example: '+14155550123' }),
    subject: z.string().nullable().openapi({ description: 'Emails only' }),
    body: z.string().openapi({ example: 'Hi Jane, pay here: https://acme.test/pay/77' }),
    status: z.enum(['sent', 'failed']),
    error: z.string().nullable().openapi({ description: 'Why it failed, as the agent was told' }),
    created_at: z.string(),
  })
  .openapi('SentMessage');

const SentMessageList = z.object({ items: z.array(SentMessage) }).openapi('SentMessageList');

const list = createRoute({
  method: 'get',
  path: '/{call_id}/sent-messages',
  tags: ['calls'],
  security: secured,
  summary: 'List messages sent during a call',
  description:
    'Every SMS and email the call’s `send_sms` and `send_email` tools sent or tried to send, oldest first, with the provider’s message id or the error the agent was told. On the `sim` carrier this is where texts are delivered (no phone network). Parley extra.',
  request: { params: idParams('call_id', 'call_01jd8x2k3m4n5p6q7r8s9t0v1w') },
  responses: { 200: jsonResponse(SentMessageList, 'The call’s sent messages'), ...errorResponses(404) },
});

/** `/v1/calls/{call_id}/sent-messages` */
export function callSentMessageRoutes(deps: { sentMessages: SentMessageService }) {
  return createRouter().openapi(list, async (c) =>
    c.json({ items: await deps.sentMessages.listForCall(orgOf(c), c.req.valid('param').call_id) }, 200),
  );
}
