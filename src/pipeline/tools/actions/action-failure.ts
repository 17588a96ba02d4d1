import { ProviderError } from '../../../providers/errors.ts';

/**
 * A sentence the model can act on (and the call record keeps) for a failed action: rejected
 * credentials, a refusal, an outage, or a timeout where the outcome is unknown.
 */
export function describeFailure(action: string, e: unknown): string {
  const detail = e instanceof Error ? e.message : String(e);
  if (!(e instanceof ProviderError)) return `${action} failed: ${detail}`;
  const status = e.statusCode;
  if (status === 401 || status === 403)
    return `${action} failed: ${e.provider} rejected the credentials (${detail}). The workspace must fix its ${e.provider} integration; tell the caller it could not be done now`;
  if (status !== undefined && status >= 400 && status < 500)
    return `${action} failed: ${e.provider} refused it (${detail})`;
  if (status !== undefined)
    return `${action} failed: ${e.provider} is having problems (${detail}); it may work later`;
  if (/did not answer within/.test(e.message))
    return `${action}: ${e.provider} did not confirm in time (${detail}); it may or may not have gone through, so do not promise it`;
  return `${action} failed: ${e.provider} could not be reached (${detail})`;
}

/** A failure the interruption caused: rethrown so the LLM stage treats it as cancelled. */
export function abortError(): DOMException {
  return new DOMException('tool interrupted', 'AbortError');
}
