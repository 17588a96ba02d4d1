import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks.js';

/**
 * Checks `X-Twilio-Signature` (HMAC-SHA1 of the full public URL plus the sorted POST parameters,
 * keyed by the account's Auth Token) with the twilio package's own validator.
 */
export function twilioSignatureValid(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, string>,
): boolean {
  if (!signature) return false;
  return validateRequest(authToken, signature, url, params);
}

/** Sign a request the way Twilio does (the protocol doubles sign their callbacks with this). */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  return getExpectedTwilioSignature(authToken, url, params);
}

/** The header Twilio signs its requests with. */
export const twilioSignatureHeader = 'x-twilio-signature';
