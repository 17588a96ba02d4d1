import path from 'node:path';
import { z } from 'zod';

/** Typed, validated configuration parsed once from the environment (decisions §8). */
export type Config = ReturnType<typeof buildConfig>;

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const url = (fallback?: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? fallback : v.trim().replace(/\/+$/, '')))
    .refine((v) => v === undefined || /^(https?|wss?):\/\//.test(v), 'must be an http(s) or ws(s) URL');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PARLEY_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optionalString,
  REDIS_URL: optionalString,
  PARLEY_PUBLIC_URL: url(),
  PARLEY_API_KEY: optionalString.refine(
    (v) => v === undefined || v.startsWith('oi_sk_'),
    'must start with oi_sk_',
  ),
  PARLEY_SECRET_KEY: optionalString,
  PARLEY_PRICES: optionalString,
  PARLEY_S3_BUCKET: optionalString,
  PARLEY_S3_ENDPOINT: url(),
  PARLEY_S3_REGION: z.string().default('us-east-1'),
  PARLEY_S3_ACCESS_KEY_ID: optionalString,
  PARLEY_S3_SECRET_ACCESS_KEY: optionalString,
  PARLEY_S3_PREFIX: z.string().default('recordings/'),
  PARLEY_ALLOW_PRIVATE_URLS: bool,
  PARLEY_NODE_ID: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: url('https://api.openai.com/v1'),
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: url('https://api.anthropic.com'),
  GROQ_API_KEY: optionalString,
  GROQ_BASE_URL: url('https://api.groq.com/openai/v1'),
  DEEPGRAM_API_KEY: optionalString,
  DEEPGRAM_BASE_URL: url('https://api.deepgram.com'),
  ELEVENLABS_API_KEY: optionalString,
  ELEVENLABS_BASE_URL: url('https://api.elevenlabs.io'),
  CARTESIA_API_KEY: optionalString,
  CARTESIA_BASE_URL: url('https://api.cartesia.ai'),
  TWILIO_ACCOUNT_SID: optionalString,
  TWILIO_AUTH_TOKEN: optionalString,
  TWILIO_API_BASE_URL: url('https://api.twilio.com'),
  TWILIO_TRUNK_ADDRESS: optionalString,
  TWILIO_SIP_USERNAME: optionalString,
  TWILIO_SIP_PASSWORD: optionalString,
  TELNYX_API_KEY: optionalString,
  TELNYX_PUBLIC_KEY: optionalString,
  TELNYX_API_BASE_URL: url('https://api.telnyx.com'),
  TELNYX_CONNECTION_ID: optionalString,
  TELNYX_TRUNK_ADDRESS: optionalString,
  TELNYX_SIP_USERNAME: optionalString,
  TELNYX_SIP_PASSWORD: optionalString,
  LIVEKIT_URL: url(),
  LIVEKIT_API_KEY: optionalString,
  LIVEKIT_API_SECRET: optionalString,
  RESEND_BASE_URL: url('https://api.resend.com'),
  SENDGRID_BASE_URL: url('https://api.sendgrid.com'),
  CALCOM_BASE_URL: url('https://api.cal.com'),
});

function buildConfig(env: z.output<typeof envSchema>) {
  const dataDir = path.resolve(env.PARLEY_DATA_DIR);
  const publicUrl = env.PARLEY_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  return {
    env: env.NODE_ENV,
    http: { port: env.PORT, host: env.HOST, publicUrl, maxBodyBytes: 1024 * 1024 },
    log: { level: env.LOG_LEVEL },
    dataDir,
    nodeId: env.PARLEY_NODE_ID,
    db: env.DATABASE_URL
      ? ({ kind: 'postgres', url: env.DATABASE_URL } as const)
      : ({ kind: 'pglite', dir: path.join(dataDir, 'pg') } as const),
    redis: env.REDIS_URL ? { url: env.REDIS_URL } : undefined,
    security: {
      bootstrapApiKey: env.PARLEY_API_KEY,
      secretKey: env.PARLEY_SECRET_KEY,
      allowPrivateUrls: env.PARLEY_ALLOW_PRIVATE_URLS,
    },
    pricesFile: env.PARLEY_PRICES,
    /** Recordings in an S3-compatible bucket when PARLEY_S3_BUCKET is set, else in the data dir. */
    recordingsBucket: env.PARLEY_S3_BUCKET
      ? {
          bucket: env.PARLEY_S3_BUCKET,
          endpoint: env.PARLEY_S3_ENDPOINT,
          region: env.PARLEY_S3_REGION,
          accessKeyId: env.PARLEY_S3_ACCESS_KEY_ID,
          secretAccessKey: env.PARLEY_S3_SECRET_ACCESS_KEY,
          prefix: env.PARLEY_S3_PREFIX,
        }
      : undefined,
    providers: {
      openai: { apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL! },
      anthropic: { apiKey: env.ANTHROPIC_API_KEY, baseUrl: env.ANTHROPIC_BASE_URL! },
      groq: { apiKey: env.GROQ_API_KEY, baseUrl: env.GROQ_BASE_URL! },
      deepgram: { apiKey: env.DEEPGRAM_API_KEY, baseUrl: env.DEEPGRAM_BASE_URL! },
      elevenlabs: { apiKey: env.ELEVENLABS_API_KEY, baseUrl: env.ELEVENLABS_BASE_URL! },
      cartesia: { apiKey: env.CARTESIA_API_KEY, baseUrl: env.CARTESIA_BASE_URL! },
      resend: { baseUrl: env.RESEND_BASE_URL! },
      sendgrid: { baseUrl: env.SENDGRID_BASE_URL! },
      calcom: { baseUrl: env.CALCOM_BASE_URL! },
    },
    telephony: {
      twilio: {
        accountSid: env.TWILIO_ACCOUNT_SID,
        authToken: env.TWILIO_AUTH_TOKEN,
        baseUrl: env.TWILIO_API_BASE_URL!,
        trunk: {
          address: env.TWILIO_TRUNK_ADDRESS,
          username: env.TWILIO_SIP_USERNAME,
          password: env.TWILIO_SIP_PASSWORD,
        },
      },
      telnyx: {
        apiKey: env.TELNYX_API_KEY,
        publicKey: env.TELNYX_PUBLIC_KEY,
        baseUrl: env.TELNYX_API_BASE_URL!,
        connectionId: env.TELNYX_CONNECTION_ID,
        trunk: {
          address: env.TELNYX_TRUNK_ADDRESS,
          username: env.TELNYX_SIP_USERNAME,
          password: env.TELNYX_SIP_PASSWORD,
        },
      },
    },
    livekit: env.LIVEKIT_URL
      ? { url: env.LIVEKIT_URL, apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET }
      : undefined,
  };
}

/** Thrown at boot with every invalid variable listed. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parse the environment into a typed Config; unknown-but-invalid values fail with every problem listed. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.PARLEY_S3_BUCKET && (!e.PARLEY_S3_ACCESS_KEY_ID || !e.PARLEY_S3_SECRET_ACCESS_KEY))
    throw new ConfigError([
      'PARLEY_S3_BUCKET is set: PARLEY_S3_ACCESS_KEY_ID and PARLEY_S3_SECRET_ACCESS_KEY are required too',
    ]);
  return buildConfig(e);
}
