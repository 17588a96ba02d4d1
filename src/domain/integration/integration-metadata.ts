import type { ValidationIssue } from '../errors.ts';
import type { IntegrationProvider } from './integration.ts';

const email = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;
/** `ops@acme.com` or `Acme Support <ops@acme.com>` (Resend and SendGrid accept both). */
const fromAddress = new RegExp(
  `^(?:${email.source.slice(1, -1)}|[^<>]{1,128} <${email.source.slice(1, -1)}>)$`,
);
const twilioAccountSid = /^AC[0-9a-fA-F]{32}$/;
const maxMetadataBytes = 16 * 1024;

/** True for an absolute http(s) URL with a host. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

export function isEmail(value: string): boolean {
  return email.test(value) && value.length <= 254;
}

/** Provider-specific rules for an integration's `metadata`; returns 422 issues (empty when valid). */
export function metadataIssues(
  provider: IntegrationProvider,
  metadata: Record<string, unknown>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const at = (key: string, msg: string, type = 'value_error') =>
    issues.push({ loc: ['body', 'metadata', key], msg, type });
  if (Buffer.byteLength(JSON.stringify(metadata)) > maxMetadataBytes)
    issues.push({
      loc: ['body', 'metadata'],
      msg: `metadata must be at most ${maxMetadataBytes} bytes of JSON`,
      type: 'too_long',
    });
  const baseUrl = metadata.base_url;
  if (baseUrl !== undefined && (typeof baseUrl !== 'string' || !isHttpUrl(baseUrl)))
    at(
      'base_url',
      'base_url must be an absolute http(s) URL, e.g. https://api.example.com/v1',
      'url_parsing',
    );
  if (provider === 'twilio') {
    const sid = metadata.account_sid;
    if (sid === undefined)
      at(
        'account_sid',
        'Field required: a Twilio integration needs metadata.account_sid (AC + 32 hex characters)',
        'missing',
      );
    else if (typeof sid !== 'string' || !twilioAccountSid.test(sid))
      at(
        'account_sid',
        'account_sid must be a Twilio Account SID: AC followed by 32 hex characters',
        'string_pattern_mismatch',
      );
  }
  if (provider === 'resend' || provider === 'sendgrid') {
    const from = metadata.from;
    if (from === undefined)
      at(
        'from',
        `Field required: a ${provider} integration needs metadata.from, a verified sender address`,
        'missing',
      );
    else if (typeof from !== 'string' || !fromAddress.test(from))
      at(
        'from',
        'from must be an email address, e.g. "support@acme.com" or "Acme <support@acme.com>"',
        'value_error',
      );
  }
  return issues;
}
