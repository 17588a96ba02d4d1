import { describe, expect, it } from 'vitest';
import { callCost } from './call-cost.ts';
import type { CallUsage } from './call-usage.ts';
import { defaultPrices, mergePrices, PriceTableError, parsePriceTable } from './price-table.ts';

const usage = (u: Partial<CallUsage> = {}): CallUsage => ({ llm: [], stt: [], tts: [], ...u });

describe('callCost', () => {
  it('prices carrier minutes, STT minutes, TTS characters and LLM tokens, line by line', () => {
    const c = callCost(defaultPrices, {
      durationSeconds: 90,
      transport: 'twilio',
      usage: usage({
        stt: [{ provider: 'deepgram', model: 'nova-3', seconds: 90 }],
        tts: [{ provider: 'openai', model: null, characters: 2000 }],
        llm: [{ provider: 'openai', model: 'gpt-4o-mini', input_tokens: 3000, output_tokens: 500 }],
      }),
    });
    expect(c.cost_breakdown).toEqual([
      { item: 'carrier:twilio', quantity: 1.5, unit: 'minute', unit_price_cents: 1.4, cents: 2.1 },
      { item: 'stt:deepgram/nova-3', quantity: 1.5, unit: 'minute', unit_price_cents: 0.77, cents: 1.155 },
      { item: 'tts:openai', quantity: 2, unit: '1k_characters', unit_price_cents: 1.5, cents: 3 },
      {
        item: 'llm_input:openai/gpt-4o-mini',
        quantity: 3,
        unit: '1k_tokens',
        unit_price_cents: 0.015,
        cents: 0.045,
      },
      {
        item: 'llm_output:openai/gpt-4o-mini',
        quantity: 0.5,
        unit: '1k_tokens',
        unit_price_cents: 0.06,
        cents: 0.03,
      },
    ]);
    expect(c.cost_cents).toBe(6.33);
  });

  it('is null when a used item has no price, and shows which one', () => {
    const c = callCost(defaultPrices, {
      durationSeconds: 60,
      transport: 'sim',
      usage: usage({
        llm: [{ provider: 'openai', model: 'my-finetune', input_tokens: 100, output_tokens: 10 }],
      }),
    });
    expect(c.cost_cents).toBeNull();
    expect(c.cost_breakdown.find((l) => l.item === 'llm_input:openai/my-finetune')).toMatchObject({
      unit_price_cents: null,
      cents: null,
    });
  });

  it('costs nothing for a call that never connected (no lines)', () => {
    expect(callCost(defaultPrices, { durationSeconds: null, transport: 'twilio', usage: usage() })).toEqual({
      cost_cents: 0,
      cost_breakdown: [],
    });
  });

  it('marks estimated lines', () => {
    const c = callCost(defaultPrices, {
      durationSeconds: 30,
      transport: 'sim',
      usage: usage({ tts: [{ provider: 'flite', characters: 500, estimated: true }] }),
    });
    expect(c.cost_breakdown[1]).toMatchObject({ item: 'tts:flite', estimated: true, cents: 0 });
    expect(c.cost_cents).toBe(0);
  });

  it('prefers the provider:model price over the provider price', () => {
    const prices = mergePrices(defaultPrices, { tts_per_1k_chars: { 'elevenlabs:eleven_flash_v2_5': 5 } });
    const c = callCost(prices, {
      durationSeconds: 0,
      transport: 'web',
      usage: usage({ tts: [{ provider: 'elevenlabs', model: 'eleven_flash_v2_5', characters: 1000 }] }),
    });
    expect(c.cost_breakdown[0]!.unit_price_cents).toBe(5);
  });
});

describe('parsePriceTable (PARLEY_PRICES)', () => {
  it('merges the file over the defaults', () => {
    const t = parsePriceTable(
      JSON.stringify({
        carrier_per_minute: { twilio: 2 },
        llm_per_1k_tokens: { 'openai:x': { input: 1, output: 2 } },
      }),
      'prices.json',
    );
    expect(t.carrier_per_minute.twilio).toBe(2);
    expect(t.carrier_per_minute.telnyx).toBe(defaultPrices.carrier_per_minute.telnyx);
    expect(t.llm_per_1k_tokens['openai:x']).toEqual({ input: 1, output: 2 });
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['a negative price', '{"carrier_per_minute":{"twilio":-1}}', /carrier_per_minute\.twilio/],
    ['an unknown section', '{"sms_per_message":{}}', /not a valid price table/],
    [
      'an LLM price without output',
      '{"llm_per_1k_tokens":{"openai:x":{"input":1}}}',
      /llm_per_1k_tokens\.openai:x\.output/,
    ],
  ])('rejects %s, naming the problem', (_label, text, message) => {
    expect(() => parsePriceTable(text, 'prices.json')).toThrow(PriceTableError);
    expect(() => parsePriceTable(text, 'prices.json')).toThrow(message);
  });
});
