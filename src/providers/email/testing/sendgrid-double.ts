import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type HttpDouble, jsonBody, type RecordedRequest, sendJson } from '../../testing/http-double.ts';
import { VendorDouble } from '../../testing/vendor-double.ts';

/** An email the double accepted (first personalization, first content part). */
export interface SendGridReceived {
  id: string;
  from: { email: string; name?: string };
  to: string[];
  subject: string;
  content: { type: string; value: string }[];
}

const email = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const error = (res: ServerResponse, status: number, message: string, field: string | null = null) =>
  sendJson(res, status, { errors: [{ message, field, help: null }] });

interface MailBody {
  personalizations?: { to?: { email?: unknown }[]; subject?: unknown }[];
  from?: { email?: unknown; name?: unknown };
  subject?: unknown;
  content?: { type?: unknown; value?: unknown }[];
}

/**
 * SendGrid v3 Mail Send on loopback: `POST /v3/mail/send` with `Authorization: Bearer SG.…`;
 * the from address must be a verified Sender Identity (else 403); 202 with an empty body and `X-Message-Id`.
 */
export class SendGridDouble extends VendorDouble {
  readonly emails: SendGridReceived[] = [];
  readonly apiKey = `SG.${randomBytes(11).toString('hex')}.${randomBytes(21).toString('hex')}`;
  readonly verifiedSenders: Set<string>;

  private constructor(http: HttpDouble, senders: string[]) {
    super(http);
    this.verifiedSenders = new Set(senders);
  }

  static start(opts: { verifiedSenders?: string[] } = {}): Promise<SendGridDouble> {
    return VendorDouble.listen(
      (http) => new SendGridDouble(http, opts.verifiedSenders ?? ['support@acme.test']),
    );
  }

  protected handle(req: RecordedRequest, res: ServerResponse) {
    if (req.headers.authorization !== `Bearer ${this.apiKey}`)
      return error(res, 401, 'The provided authorization grant is invalid, expired, or revoked');
    if (req.method !== 'POST' || req.path !== '/v3/mail/send') return error(res, 404, 'Not found');
    const b = jsonBody(req) as MailBody | undefined;
    if (!b) return error(res, 400, 'Bad Request');
    const p = b.personalizations?.[0];
    if (!p)
      return error(
        res,
        400,
        'The personalizations field is required and must have at least one personalization.',
        'personalizations',
      );
    const to = (p.to ?? []).map((t) => String(t.email ?? ''));
    if (to.length === 0)
      return error(
        res,
        400,
        'The to array is required for all personalization objects, and must have at least one email object with a valid email address.',
        'personalizations.0.to',
      );
    if (to.some((t) => !email.test(t)))
      return error(res, 400, 'Does not contain a valid address.', 'personalizations.0.to.0.email');
    const from = String(b.from?.email ?? '');
    if (!email.test(from))
      return error(
        res,
        400,
        'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.',
        'from',
      );
    const subject = p.subject ?? b.subject;
    if (typeof subject !== 'string' || subject === '')
      return error(
        res,
        400,
        'The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.',
        'subject',
      );
    const content = (b.content ?? []).map((c) => ({
      type: String(c.type ?? ''),
      value: String(c.value ?? ''),
    }));
    if (content.length === 0 || content.some((c) => c.value === ''))
      return error(
        res,
        400,
        'The content value must be a string at least one character in length.',
        'content.0.value',
      );
    if (!this.verifiedSenders.has(from))
      return error(
        res,
        403,
        'The from address does not match a verified Sender Identity. Mail cannot be sent until this error is resolved.',
        'from',
      );
    const id = randomBytes(11).toString('base64url');
    this.emails.push({
      id,
      from: typeof b.from?.name === 'string' ? { email: from, name: b.from.name } : { email: from },
      to,
      subject,
      content,
    });
    res.writeHead(202, { 'x-message-id': id });
    res.end();
  }
}
