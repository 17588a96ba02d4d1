/**
 * The one error catalogue. Every public failure is an AppError with a kind (mapped to an HTTP
 * status only in api/errors.ts) and an UPPER_SNAKE code documented in docs/errors.md.
 */
export type ErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'validation'
  | 'rate_limited'
  | 'provider_unavailable'
  | 'internal';

/** One problem in FastAPI's 422 shape. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export interface AppErrorOptions {
  cause?: unknown;
  issues?: ValidationIssue[];
  details?: Record<string, unknown>;
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  readonly issues: ValidationIssue[] | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    readonly publicMessage: string,
    opts: AppErrorOptions = {},
  ) {
    super(publicMessage, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.issues = opts.issues;
    this.details = opts.details;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

const resourceCodes = {
  agent: 'AGENT',
  llmModel: 'MODEL',
  tool: 'TOOL',
  knowledgeBase: 'KNOWLEDGE_BASE',
  kbSource: 'SOURCE',
  kbJob: 'JOB',
  voice: 'VOICE',
  integration: 'INTEGRATION',
  phoneNumber: 'PHONE_NUMBER',
  call: 'CALL',
  webhook: 'WEBHOOK',
  webhookDelivery: 'DELIVERY',
  callOutcome: 'CALL_OUTCOME',
  publishableKey: 'PUBLISHABLE_KEY',
  apiKey: 'API_KEY',
  workspace: 'WORKSPACE',
  recording: 'RECORDING',
  voicePreview: 'VOICE_PREVIEW',
  route: 'ROUTE',
} as const;
export type ResourceName = keyof typeof resourceCodes;

const humanNames: Record<ResourceName, string> = {
  agent: 'Agent',
  llmModel: 'Model',
  tool: 'Tool',
  knowledgeBase: 'Knowledge base',
  kbSource: 'Knowledge-base source',
  kbJob: 'Knowledge-base job',
  voice: 'Voice',
  integration: 'Integration',
  phoneNumber: 'Phone number',
  call: 'Call',
  webhook: 'Webhook',
  webhookDelivery: 'Webhook delivery',
  callOutcome: 'Call outcome',
  publishableKey: 'Publishable key',
  apiKey: 'API key',
  workspace: 'Workspace',
  recording: 'Recording',
  voicePreview: 'Voice preview',
  route: 'Route',
};

/** Constructors for every error Parley returns; use these instead of `new AppError` in feature code. */
export const errors = {
  notFound: (resource: ResourceName, id?: string) =>
    new AppError(
      'not_found',
      `${resourceCodes[resource]}_NOT_FOUND`,
      id ? `${humanNames[resource]} '${id}' was not found.` : `${humanNames[resource]} was not found.`,
    ),
  validation: (issues: ValidationIssue[]) =>
    new AppError(
      'validation',
      'VALIDATION_ERROR',
      issues.length === 1
        ? `Invalid request: ${issues[0]!.loc.join('.')}: ${issues[0]!.msg}`
        : `Invalid request: ${issues.length} problems.`,
      { issues },
    ),
  /** A 422 about one field, e.g. `invalidField(['body','tts','voice_id'], 'VOICE_NOT_FOUND', '...')`. */
  invalidField: (loc: (string | number)[], code: string, msg: string, type = 'value_error') =>
    new AppError('validation', code, msg, { issues: [{ loc, msg, type }] }),
  badRequest: (code: string, message: string, details?: Record<string, unknown>) =>
    new AppError('bad_request', code, message, details ? { details } : {}),
  unauthorized: (message = 'Missing or invalid API key. Send Authorization: Bearer oi_sk_…') =>
    new AppError('unauthorized', 'UNAUTHORIZED', message),
  forbidden: (message = 'This key is not allowed to perform this operation.', code = 'FORBIDDEN') =>
    new AppError('forbidden', code, message),
  originNotAllowed: () =>
    new AppError('forbidden', 'ORIGIN_NOT_ALLOWED', 'Origin not allowed for this publishable key.'),
  conflict: (message: string, details?: Record<string, unknown>) =>
    new AppError('conflict', 'CONFLICT', message, details ? { details } : {}),
  payloadTooLarge: (limitBytes: number, message?: string) =>
    new AppError(
      'payload_too_large',
      'PAYLOAD_TOO_LARGE',
      message ?? `Request body exceeds the ${limitBytes}-byte limit.`,
      {
        details: { limit_bytes: limitBytes },
      },
    ),
  rateLimited: (code: string, message: string, retryAfterSeconds: number) =>
    new AppError('rate_limited', code, message, { retryAfterSeconds }),
  providerNotConfigured: (message: string) => new AppError('bad_request', 'PROVIDER_NOT_CONFIGURED', message),
  /** 502: a vendor (carrier, LiveKit) is unreachable or failing; `message` says which and why. */
  providerUnavailable: (code: string, message: string) => new AppError('provider_unavailable', code, message),
  internal: (cause?: unknown) =>
    new AppError('internal', 'INTERNAL', 'An internal error occurred.', cause === undefined ? {} : { cause }),
};

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
