import pino from 'pino';

/** Structured logger; PII goes under `pii.*`, which is redacted outside development. */
export type Logger = pino.Logger;

const alwaysRedacted = [
  'authorization',
  'req.headers.authorization',
  'headers.authorization',
  '*.api_key',
  '*.apiKey',
  '*.auth_password',
  '*.secret',
  '*.token',
];

export function createLogger(opts: {
  level: string;
  env: string;
  destination?: pino.DestinationStream;
}): Logger {
  const redact =
    opts.env === 'development' || opts.env === 'test' ? alwaysRedacted : [...alwaysRedacted, 'pii'];
  return pino(
    { level: opts.level, redact: { paths: redact, censor: '[redacted]' }, base: { service: 'parley' } },
    opts.destination,
  );
}

/** A logger that discards everything (tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
