import { type AppError, errors, isAppError } from '../errors.ts';

const names: Record<string, string> = {
  twilio: 'Twilio',
  telnyx: 'Telnyx',
  sim: 'The simulator',
  livekit: 'LiveKit',
};

type Thrown = {
  name?: unknown;
  message?: unknown;
  reason?: unknown;
  statusCode?: unknown;
  provider?: unknown;
};

/**
 * A carrier or LiveKit failure as a client-facing error: unavailable/unknown numbers and rejected
 * requests are 400 with the vendor's reason, an unreachable or failing vendor is 502. Anything
 * else is rethrown (a bug, reported as 500).
 */
export function carrierFailure(e: unknown, fallbackProvider: string): AppError {
  if (isAppError(e)) return e;
  const t = (typeof e === 'object' && e !== null ? e : {}) as Thrown;
  const message = typeof t.message === 'string' ? t.message : 'request failed';
  const provider = typeof t.provider === 'string' ? t.provider : fallbackProvider;
  const who = names[provider] ?? provider;
  if (t.name === 'CarrierNumberError')
    return t.reason === 'not_on_account'
      ? errors.badRequest('PHONE_NUMBER_NOT_ON_CARRIER', message)
      : errors.badRequest('PHONE_NUMBER_NOT_AVAILABLE', message);
  if (t.name === 'ProviderError') {
    const status = typeof t.statusCode === 'number' ? t.statusCode : undefined;
    if (status === 401 || status === 403)
      return errors.badRequest(
        'CARRIER_AUTH_FAILED',
        `${who} rejected the credentials (${status}); check the account id and key or token.`,
      );
    if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429)
      return errors.badRequest('CARRIER_REQUEST_FAILED', message);
    return errors.providerUnavailable('CARRIER_UNAVAILABLE', `${who} is unavailable: ${message}`);
  }
  if (t.name === 'ZodError')
    return errors.providerUnavailable(
      'CARRIER_UNAVAILABLE',
      `${who} sent a response Parley does not understand.`,
    );
  throw e;
}
