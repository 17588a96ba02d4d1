import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type HttpDouble, type RecordedRequest, sendJson } from '../../testing/http-double.ts';
import { VendorDouble } from '../../testing/vendor-double.ts';

/** A message the double accepted, as Twilio's Message resource records it. */
export interface TwilioMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
}

// Documented Message create parameters (the double rejects anything else to catch typos).
const writable = new Set([
  'To',
  'From',
  'Body',
  'MessagingServiceSid',
  'MediaUrl',
  'StatusCallback',
  'ValidityPeriod',
  'Attempt',
]);
const e164 = /^\+[1-9]\d{1,14}$/;

const error = (res: ServerResponse, status: number, code: number, message: string) =>
  sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

/**
 * Twilio's Messages resource (REST 2010-04-01) on loopback: Basic auth `AccountSid:AuthToken`,
 * form-encoded `To`, `From`, `Body`; `From` must be a number on the account; 201 with the Message.
 */
export class TwilioMessagesDouble extends VendorDouble {
  readonly messages: TwilioMessage[] = [];
  readonly numbers: Set<string>;
  readonly accountSid = `AC${randomBytes(16).toString('hex')}`;
  readonly authToken = randomBytes(16).toString('hex');

  private constructor(http: HttpDouble, numbers: string[]) {
    super(http);
    this.numbers = new Set(numbers);
  }

  static start(opts: { numbers?: string[] } = {}): Promise<TwilioMessagesDouble> {
    return VendorDouble.listen((http) => new TwilioMessagesDouble(http, opts.numbers ?? ['+14155550100']));
  }

  protected handle(req: RecordedRequest, res: ServerResponse) {
    const auth = /^Basic (.+)$/.exec(String(req.headers.authorization ?? ''));
    const [user, pass] = auth ? Buffer.from(auth[1]!, 'base64').toString().split(':') : [];
    if (user !== this.accountSid || pass !== this.authToken) return error(res, 401, 20003, 'Authenticate');
    if (req.method !== 'POST' || req.path !== `/2010-04-01/Accounts/${this.accountSid}/Messages.json`)
      return error(res, 404, 20404, `The requested resource ${req.path} was not found`);
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
      return error(res, 400, 20001, 'Content-Type must be application/x-www-form-urlencoded');
    const form = new URLSearchParams(req.body.toString('utf8'));
    const unknown = [...form.keys()].find((k) => !writable.has(k));
    if (unknown) return error(res, 400, 20001, `Unknown parameter ${unknown}`);
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    const body = form.get('Body') ?? '';
    if (!to) return error(res, 400, 21604, "A 'To' phone number is required.");
    if (!e164.test(to)) return error(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!this.numbers.has(from))
      return error(
        res,
        400,
        21606,
        `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
      );
    if (!body) return error(res, 400, 21602, 'Message body is required.');
    if (body.length > 1600)
      return error(res, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    const m: TwilioMessage = { sid: `SM${randomBytes(16).toString('hex')}`, to, from, body };
    this.messages.push(m);
    sendJson(res, 201, {
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      body,
      date_created: new Date().toUTCString().replace('GMT', '+0000'),
      date_sent: null,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from,
      messaging_service_sid: null,
      num_media: '0',
      num_segments: String(Math.ceil(body.length / 153) || 1),
      price: null,
      sid: m.sid,
      status: 'queued',
      to,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${m.sid}.json`,
    });
  }
}
