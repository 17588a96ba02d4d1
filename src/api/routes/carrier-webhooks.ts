import { Hono } from 'hono';
import type { CarrierReply } from '../../media/carrier-reply.ts';
import type { TelnyxCallbacks } from '../../media/telnyx-callbacks.ts';
import type { TwilioCallbacks } from '../../media/twilio-callbacks.ts';
import type { AppEnv } from '../context.ts';

/** Carrier callbacks are small form or JSON posts; anything bigger is not from a carrier. */
const maxCallbackBytes = 64 * 1024;

/** The carrier-callback services behind `/v1/carriers`. */
export interface CarrierWebhookDeps {
  twilioCallbacks: TwilioCallbacks;
  telnyxCallbacks: TelnyxCallbacks;
}

async function rawBody(req: Request): Promise<string | undefined> {
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxCallbackBytes) return undefined;
  const buf = await req.arrayBuffer();
  return buf.byteLength > maxCallbackBytes ? undefined : new TextDecoder().decode(buf);
}

function reply(r: CarrierReply): Response {
  return new Response(r.body ?? null, {
    status: r.status,
    headers: r.contentType ? { 'content-type': r.contentType } : {},
  });
}

const tooLarge = () => new Response('callback too large', { status: 413 });

/**
 * `/v1/carriers/*`: Twilio's voice and status callbacks (form posts, X-Twilio-Signature) and Telnyx's
 * Call Control webhooks (JSON, Ed25519). No API key: each request is authenticated by the carrier's
 * signature, checked by the service before anything changes (403 otherwise).
 */
export function carrierWebhookRoutes(deps: CarrierWebhookDeps) {
  const app = new Hono<AppEnv>();
  const twilio = (kind: 'voice' | 'status') =>
    app.post(`/twilio/${kind}`, async (c) => {
      const body = await rawBody(c.req.raw);
      if (body === undefined) return tooLarge();
      const url = new URL(c.req.url);
      const req = {
        params: Object.fromEntries(new URLSearchParams(body)),
        signature: c.req.header('x-twilio-signature'),
        pathAndQuery: `${url.pathname}${url.search}`,
        callId: url.searchParams.get('call_id') ?? undefined,
      };
      return reply(await deps.twilioCallbacks[kind](req));
    });
  twilio('voice');
  twilio('status');
  app.post('/telnyx/voice', async (c) => {
    const body = await rawBody(c.req.raw);
    if (body === undefined) return tooLarge();
    return reply(
      await deps.telnyxCallbacks.event({
        rawBody: body,
        signature: c.req.header('telnyx-signature-ed25519'),
        timestamp: c.req.header('telnyx-timestamp'),
      }),
    );
  });
  return app;
}
