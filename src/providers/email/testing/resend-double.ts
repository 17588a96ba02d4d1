import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type HttpDouble, jsonBody, type RecordedRequest, sendJson } from '../../testing/http-double.ts';
import { VendorDouble } from '../../testing/vendor-double.ts';

/** An email the double accepted. */
export interface ResendReceived {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string | undefined;
  html: string | undefined;
}

const address = /^(?:[^<>]*<)?([^\s@<>]+@([^\s@<>]+\.[^\s@<>]+))>?$/;
const error = (res: ServerResponse, statusCode: number, name: string, message: string) =>
  sendJson(res, statusCode, { statusCode, message, name });

/**
 * Resend's Emails API on loopback: `POST /emails` with `Authorization: Bearer re_…`, JSON
 * `{from, to, subject, text|html}`; the from domain must be verified (else 403); honours Idempotency-Key.
 */
export class ResendDouble extends VendorDouble {
  readonly emails: ResendReceived[] = [];
  readonly apiKey = `re_${randomBytes(12).toString('hex')}`;
  readonly verifiedDomains: Set<string>;
  private readonly byKey = new Map<string, string>();

  private constructor(http: HttpDouble, domains: string[]) {
    super(http);
    this.verifiedDomains = new Set(domains);
  }

  static start(opts: { verifiedDomains?: string[] } = {}): Promise<ResendDouble> {
    return VendorDouble.listen((http) => new ResendDouble(http, opts.verifiedDomains ?? ['acme.test']));
  }

  protected handle(req: RecordedRequest, res: ServerResponse) {
    const auth = String(req.headers.authorization ?? '');
    if (!auth.startsWith('Bearer '))
      return error(res, 401, 'missing_api_key', 'Missing API key in the authorization header.');
    if (auth !== `Bearer ${this.apiKey}`) return error(res, 403, 'invalid_api_key', 'API key is invalid');
    if (req.method !== 'POST' || req.path !== '/emails')
      return error(res, 404, 'not_found', 'The requested endpoint does not exist.');
    const b = jsonBody(req) as Record<string, unknown> | undefined;
    if (!b) return error(res, 400, 'validation_error', 'Invalid JSON body.');
    for (const f of ['from', 'to', 'subject'])
      if (b[f] === undefined) return error(res, 422, 'missing_required_field', `Missing \`${f}\` field.`);
    if (b.text === undefined && b.html === undefined)
      return error(res, 422, 'missing_required_field', 'Missing `html` or `text` field.');
    const to = (Array.isArray(b.to) ? b.to : [b.to]).map(String);
    if (to.length > 50) return error(res, 422, 'validation_error', 'Too many recipients; the limit is 50.');
    if (to.some((t) => !address.test(t)))
      return error(
        res,
        422,
        'validation_error',
        'Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.',
      );
    const from = address.exec(String(b.from));
    if (!from)
      return error(
        res,
        422,
        'invalid_from_address',
        'Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.',
      );
    if (!this.verifiedDomains.has(from[2]!))
      return error(
        res,
        403,
        'validation_error',
        `The ${from[2]} domain is not verified. Please, add and verify your domain on https://resend.com/domains`,
      );
    const key = req.headers['idempotency-key'];
    const previous = typeof key === 'string' ? this.byKey.get(key) : undefined;
    if (previous) return sendJson(res, 200, { id: previous });
    const id = randomUUID();
    if (typeof key === 'string') this.byKey.set(key, id);
    this.emails.push({
      id,
      from: String(b.from),
      to,
      subject: String(b.subject),
      text: typeof b.text === 'string' ? b.text : undefined,
      html: typeof b.html === 'string' ? b.html : undefined,
    });
    sendJson(res, 200, { id });
  }
}
