import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type HttpDouble, jsonBody, type RecordedRequest, sendJson } from '../../testing/http-double.ts';
import { VendorDouble } from '../../testing/vendor-double.ts';

/** A message the double accepted. */
export interface TelnyxMessage {
  id: string;
  from: string;
  to: string;
  text: string;
}

const e164 = /^\+[1-9]\d{1,14}$/;
const error = (
  res: ServerResponse,
  status: number,
  code: string,
  title: string,
  detail: string,
  pointer?: string,
) =>
  sendJson(res, status, { errors: [{ code, title, detail, ...(pointer ? { source: { pointer } } : {}) }] });

/**
 * Telnyx messaging (API v2) on loopback: `POST /v2/messages` with a Bearer API key and JSON
 * `{from, to, text}`; `from` must be a number on the account; 200 with `{data: Message}`.
 */
export class TelnyxMessagingDouble extends VendorDouble {
  readonly messages: TelnyxMessage[] = [];
  readonly numbers: Set<string>;
  readonly apiKey = `KEY${randomBytes(12).toString('hex')}`;

  private constructor(http: HttpDouble, numbers: string[]) {
    super(http);
    this.numbers = new Set(numbers);
  }

  static start(opts: { numbers?: string[] } = {}): Promise<TelnyxMessagingDouble> {
    return VendorDouble.listen((http) => new TelnyxMessagingDouble(http, opts.numbers ?? ['+13125550100']));
  }

  protected handle(req: RecordedRequest, res: ServerResponse) {
    if (req.headers.authorization !== `Bearer ${this.apiKey}`)
      return error(
        res,
        401,
        '10009',
        'Authentication failed',
        'Could not understand the provided credentials.',
      );
    if (req.method !== 'POST' || req.path !== '/v2/messages')
      return error(res, 404, '10005', 'Resource not found', `${req.method} ${req.path} does not exist`);
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
      return error(res, 400, '10015', 'Bad Request', 'The request body must be JSON.');
    const body = jsonBody(req) as Record<string, unknown> | undefined;
    const from = typeof body?.from === 'string' ? body.from : '';
    const to = typeof body?.to === 'string' ? body.to : '';
    const text = typeof body?.text === 'string' ? body.text : '';
    if (!e164.test(to))
      return error(
        res,
        422,
        '40310',
        "Invalid 'to' address",
        `The 'to' address ${to} is not a valid phone number.`,
        '/to',
      );
    if (!this.numbers.has(from))
      return error(
        res,
        422,
        '40305',
        "Invalid 'from' address",
        `The 'from' address ${from} is not a number on this account with a messaging profile.`,
        '/from',
      );
    if (!text)
      return error(res, 422, '40002', 'Missing text', "Either 'text' or 'media_urls' is required.", '/text');
    const m: TelnyxMessage = { id: randomUUID(), from, to, text };
    this.messages.push(m);
    const now = new Date().toISOString();
    sendJson(res, 200, {
      data: {
        record_type: 'message',
        direction: 'outbound',
        id: m.id,
        type: 'SMS',
        messaging_profile_id: randomUUID(),
        organization_id: randomUUID(),
        from: { phone_number: from, carrier: 'TELNYX LLC', line_type: 'VoIP' },
        to: [{ phone_number: to, status: 'queued', carrier: 'T-MOBILE USA, INC.', line_type: 'Wireless' }],
        text,
        media: [],
        webhook_url: null,
        webhook_failover_url: null,
        encoding: 'GSM-7',
        parts: 1,
        tags: [],
        cost: null,
        received_at: now,
        sent_at: null,
        completed_at: null,
        valid_until: null,
        errors: [],
      },
    });
  }
}
