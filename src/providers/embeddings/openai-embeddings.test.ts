import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { ProviderError } from '../errors.ts';
import type { HttpDouble } from '../testing/http-double.ts';
import { OpenAiEmbeddings } from './openai-embeddings.ts';
import { bagOfWordsVector, startEmbeddingsDouble } from './testing/embeddings-double.ts';

let double: HttpDouble;
beforeAll(async () => {
  double = await startEmbeddingsDouble({ apiKey: 'sk-test' });
});
afterAll(async () => {
  await double.close();
});

const client = (apiKey = 'sk-test') =>
  new OpenAiEmbeddings({ baseUrl: `${double.url}/v1`, apiKey, clock: new ManualClock() });

describe('OpenAiEmbeddings.embed', () => {
  it('posts the model and inputs and returns vectors in input order', async () => {
    const v = await client().embed(['refund policy', 'shipping times']);
    expect(v).toEqual([bagOfWordsVector('refund policy'), bagOfWordsVector('shipping times')]);
    const req = JSON.parse(double.lastRequest!.body.toString());
    expect(req).toEqual({
      model: 'text-embedding-3-small',
      input: ['refund policy', 'shipping times'],
      encoding_format: 'float',
    });
    expect(double.lastRequest!.headers.authorization).toBe('Bearer sk-test');
  });

  it('splits more than 64 inputs into several requests', async () => {
    const before = double.requests.length;
    const texts = Array.from({ length: 130 }, (_, i) => `text ${i}`);
    const v = await client().embed(texts);
    expect(v).toHaveLength(130);
    expect(v[129]).toEqual(bagOfWordsVector('text 129'));
    expect(double.requests.length - before).toBe(3);
  });

  it('throws a non-retryable ProviderError with the vendor message on 401', async () => {
    const e = await client('wrong')
      .embed(['x'])
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ProviderError);
    expect((e as ProviderError).retryable).toBe(false);
    expect((e as ProviderError).message).toContain('Incorrect API key provided');
  });

  it('throws a retryable ProviderError on 429 and 5xx', async () => {
    double.failNext(429, { error: { message: 'Rate limit reached' } });
    const e = await client()
      .embed(['x'])
      .catch((err: unknown) => err);
    expect((e as ProviderError).retryable).toBe(true);
    expect((e as ProviderError).statusCode).toBe(429);
  });
});
