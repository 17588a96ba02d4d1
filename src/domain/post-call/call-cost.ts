import type { CallUsage } from './call-usage.ts';
import { type PriceTable, priceOf } from './price-table.ts';

/** One `cost_breakdown` entry (decisions §4); `unit_price_cents`/`cents` are null when no price is known. */
export interface CostLine {
  item: string;
  quantity: number;
  unit: 'minute' | '1k_characters' | '1k_tokens';
  unit_price_cents: number | null;
  cents: number | null;
  /** Present when the quantity was estimated from the transcript, not measured by the engine. */
  estimated?: true;
}

export interface CallCost {
  /** Sum of the lines; null when any line has no known price (see docs/post-call.md). */
  cost_cents: number | null;
  cost_breakdown: CostLine[];
}

export interface CostInput {
  durationSeconds: number | null;
  /** Carrier of a phone call, or `web` / `livekit` for web calls. */
  transport: string;
  usage: CallUsage;
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

function line(
  item: string,
  quantity: number,
  unit: CostLine['unit'],
  price: number | undefined,
  estimated: boolean | undefined,
): CostLine {
  const q = round4(quantity);
  return {
    item,
    quantity: q,
    unit,
    unit_price_cents: price ?? null,
    cents: price === undefined ? null : round4(quantity * price),
    ...(estimated ? { estimated: true as const } : {}),
  };
}

/** `cost_cents` and `cost_breakdown` of one call from the price table; zero quantities are left out. */
export function callCost(prices: PriceTable, input: CostInput): CallCost {
  const lines: CostLine[] = [];
  const minutes = Math.max(0, input.durationSeconds ?? 0) / 60;
  if (minutes > 0)
    lines.push(
      line(
        `carrier:${input.transport}`,
        minutes,
        'minute',
        priceOf(prices.carrier_per_minute, input.transport),
        false,
      ),
    );
  for (const s of input.usage.stt)
    if (s.seconds > 0)
      lines.push(
        line(
          `stt:${name(s.provider, s.model)}`,
          s.seconds / 60,
          'minute',
          priceOf(prices.stt_per_minute, s.provider, s.model),
          s.estimated,
        ),
      );
  for (const t of input.usage.tts)
    if (t.characters > 0)
      lines.push(
        line(
          `tts:${name(t.provider, t.model)}`,
          t.characters / 1000,
          '1k_characters',
          priceOf(prices.tts_per_1k_chars, t.provider, t.model),
          t.estimated,
        ),
      );
  for (const l of input.usage.llm) {
    const price = priceOf(prices.llm_per_1k_tokens, l.provider, l.model);
    const label = name(l.provider, l.model);
    if (l.input_tokens > 0)
      lines.push(line(`llm_input:${label}`, l.input_tokens / 1000, '1k_tokens', price?.input, l.estimated));
    if (l.output_tokens > 0)
      lines.push(
        line(`llm_output:${label}`, l.output_tokens / 1000, '1k_tokens', price?.output, l.estimated),
      );
  }
  const unknown = lines.some((l) => l.cents === null);
  const total = lines.reduce((sum, l) => sum + (l.cents ?? 0), 0);
  return { cost_cents: unknown ? null : round4(total), cost_breakdown: lines };
}

const name = (provider: string, model: string | null | undefined) =>
  model ? `${provider}/${model}` : provider;
