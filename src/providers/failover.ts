import { ProviderError } from './errors.ts';

/** Told when a provider failed and the next one takes over. */
export type OnFailover = (failed: string, next: string, error: ProviderError) => void;

/**
 * Stream from the first entry; a retryable ProviderError before it produced anything moves on to the
 * next entry. After output has started, on a non-retryable error or on abort, the error is the caller's.
 */
export async function* failover<E, T>(
  entries: readonly E[],
  attempt: (entry: E) => AsyncIterable<T>,
  nameOf: (entry: E) => string,
  signal: AbortSignal,
  onFailover?: OnFailover,
): AsyncGenerator<T> {
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    let produced = false;
    try {
      for await (const item of attempt(entry)) {
        produced = true;
        yield item;
      }
      return;
    } catch (e) {
      const next = entries[i + 1];
      if (produced || next === undefined || signal.aborted || !(e instanceof ProviderError) || !e.retryable)
        throw e;
      onFailover?.(nameOf(entry), nameOf(next), e);
    }
  }
}
