import { isHttpUrl, isMailbox } from '../../lib/formats.ts';
import type { ValidationIssue } from '../errors.ts';
import type { IntegrationProvider } from './integration.ts';

const twilioAccountSid = /^AC[0-9a-fA-F]{32}$/;
const maxMetadataBytes = 16 * 1024;

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
    else if (typeof from !== 'string' || !isMailbox(from))
      at(
        'from',
        'from must be an email address, e.g. "support@acme.com" or "Acme <support@acme.com>"',
        'value_error',
      );
  }
  return issues;
}
