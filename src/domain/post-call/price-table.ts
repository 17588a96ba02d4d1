import { z } from 'zod';

const cents = z.number().finite().nonnegative();
const tokenPrice = z.strictObject({ input: cents, output: cents });

/**
 * The price table for `cost_cents` (decisions §4), in US cents. Keys are `provider` or
 * `provider:model` (the more specific one wins). `PARLEY_PRICES` names a JSON file of this shape
 * whose entries are merged over the built-in defaults.
 */
export const PriceTableSchema = z.strictObject({
  /** Carrier (or web transport) per connected minute: `twilio`, `telnyx`, `sim`, `web`, `livekit`. */
  carrier_per_minute: z.record(z.string(), cents).optional(),
  /** Speech-to-text per minute of call audio. */
  stt_per_minute: z.record(z.string(), cents).optional(),
  /** Text-to-speech per 1,000 characters spoken. */
  tts_per_1k_chars: z.record(z.string(), cents).optional(),
  /** LLM per 1,000 input and output tokens. */
  llm_per_1k_tokens: z.record(z.string(), tokenPrice).optional(),
});
export type PriceTableInput = z.infer<typeof PriceTableSchema>;
export type PriceTable = Required<{ [K in keyof PriceTableInput]: NonNullable<PriceTableInput[K]> }>;

/** List prices at the time of writing; estimates, meant to be replaced through PARLEY_PRICES. */
export const defaultPrices: PriceTable = {
  carrier_per_minute: { twilio: 1.4, telnyx: 0.7, sim: 0, web: 0, livekit: 0 },
  stt_per_minute: { deepgram: 0.77, openai: 0.6, whisper: 0.6, sim: 0 },
  tts_per_1k_chars: {
    openai: 1.5,
    elevenlabs: 10,
    cartesia: 3.8,
    deepgram: 1.5,
    'deepgram:aura-2': 3,
    flite: 0,
  },
  llm_per_1k_tokens: {
    offline: { input: 0, output: 0 },
    'openai:gpt-4o-mini': { input: 0.015, output: 0.06 },
    'openai:gpt-4o': { input: 0.25, output: 1 },
    'openai:gpt-4.1': { input: 0.2, output: 0.8 },
    'openai:gpt-4.1-mini': { input: 0.04, output: 0.16 },
    'openai:gpt-4.1-nano': { input: 0.01, output: 0.04 },
    'anthropic:claude-3-5-haiku-latest': { input: 0.08, output: 0.4 },
    'anthropic:claude-sonnet-4-5': { input: 0.3, output: 1.5 },
    'groq:llama-3.3-70b-versatile': { input: 0.059, output: 0.079 },
    'groq:llama-3.1-8b-instant': { input: 0.005, output: 0.008 },
  },
};

/** A PARLEY_PRICES file that is not valid JSON or not a valid price table. */
export class PriceTableError extends Error {}

/** Parse a PARLEY_PRICES file and merge it over the defaults; every problem is named with its path. */
export function parsePriceTable(text: string, source: string): PriceTable {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new PriceTableError(`PARLEY_PRICES (${source}) is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = PriceTableSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new PriceTableError(
      `PARLEY_PRICES (${source}) is not a valid price table:\n  - ${problems.join('\n  - ')}`,
    );
  }
  return mergePrices(defaultPrices, parsed.data);
}

export function mergePrices(base: PriceTable, over: PriceTableInput): PriceTable {
  return {
    carrier_per_minute: { ...base.carrier_per_minute, ...over.carrier_per_minute },
    stt_per_minute: { ...base.stt_per_minute, ...over.stt_per_minute },
    tts_per_1k_chars: { ...base.tts_per_1k_chars, ...over.tts_per_1k_chars },
    llm_per_1k_tokens: { ...base.llm_per_1k_tokens, ...over.llm_per_1k_tokens },
  };
}

/** The price for `provider:model`, else for `provider`; undefined when neither is listed. */
export function priceOf<T>(table: Record<string, T>, provider: string, model?: string | null): T | undefined {
  return (model ? table[`${provider}:${model}`] : undefined) ?? table[provider];
}
