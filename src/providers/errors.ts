/** A failure talking to a vendor; callers branch on `retryable`, never on message text. */
export class ProviderError extends Error {
  readonly provider: string;
  readonly retryable: boolean;
  readonly statusCode: number | undefined;
  readonly requestId: string | undefined;
  constructor(
    provider: string,
    message: string,
    opts: { retryable?: boolean; statusCode?: number; requestId?: string; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ProviderError';
    this.provider = provider;
    this.statusCode = opts.statusCode;
    this.requestId = opts.requestId;
    this.retryable =
      opts.retryable ?? (opts.statusCode === undefined ? true : isRetryableStatus(opts.statusCode));
  }
}

/** 5xx, 408 and 429 are worth retrying; other 4xx are not. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** A provider that cannot be used as configured (no key, unsupported name); never retryable. */
export class ProviderConfigError extends ProviderError {
  /** The environment variable that would fix it, when one would. */
  readonly envVar: string | undefined;
  constructor(provider: string, message: string, envVar?: string) {
    super(provider, message, { retryable: false });
    this.name = 'ProviderConfigError';
    this.envVar = envVar;
  }
}
