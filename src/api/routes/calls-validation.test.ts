import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallsFixture, callsFixture } from '../../../test/support/calls.ts';
import type { Harness } from '../../../test/support/harness.ts';

let h: Harness;
let body: CallsFixture['body'];
beforeAll(async () => {
  ({ h, body } = await callsFixture());
});
afterAll(async () => {
  await h.close();
});

describe('POST /v1/calls', () => {
  const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
    ['missing agent_id', { agent_id: undefined }, ['body', 'agent_id']],
    ['missing to_number', { to_number: undefined }, ['body', 'to_number']],
    ['missing from_number', { from_number: undefined }, ['body', 'from_number']],
    ['to_number without +', { to_number: '14155559876' }, ['body', 'to_number']],
    ['to_number starting +0', { to_number: '+04155559876' }, ['body', 'to_number']],
    ['to_number of 16 digits', { to_number: '+1234567890123456' }, ['body', 'to_number']],
    ['from_number with spaces', { from_number: '+1 415 555 0123' }, ['body', 'from_number']],
    ['scheduled_at not a date', { scheduled_at: 'tomorrow' }, ['body', 'scheduled_at']],
    ['scheduled_at without timezone', { scheduled_at: '2026-06-01T10:00:00' }, ['body', 'scheduled_at']],
    ['variables as array', { variables: ['a'] }, ['body', 'variables']],
    ['metadata as string', { metadata: 'x' }, ['body', 'metadata']],
    ['webhook_url ftp', { webhook_url: 'ftp://example.com/x' }, ['body', 'webhook_url']],
    ['webhook_url not a URL', { webhook_url: 'example.com/hook' }, ['body', 'webhook_url']],
    ['overrides as string', { overrides: 'fast' }, ['body', 'overrides']],
    ['overrides unknown key', { overrides: { voice: 'x' } }, ['body', 'overrides', 'voice']],
    [
      'overrides.llm unknown key',
      { overrides: { llm: { top_p: 1 } } },
      ['body', 'overrides', 'llm', 'top_p'],
    ],
    [
      'overrides.llm.temperature 2.1',
      { overrides: { llm: { temperature: 2.1 } } },
      ['body', 'overrides', 'llm', 'temperature'],
    ],
    [
      'overrides.llm.temperature -1',
      { overrides: { llm: { temperature: -1 } } },
      ['body', 'overrides', 'llm', 'temperature'],
    ],
    [
      'overrides.llm.provider unknown',
      { overrides: { llm: { provider: 'acme' } } },
      ['body', 'overrides', 'llm', 'provider'],
    ],
    [
      'overrides.llm.model empty',
      { overrides: { llm: { model: '' } } },
      ['body', 'overrides', 'llm', 'model'],
    ],
    [
      'overrides.transcriber.language 1 char',
      { overrides: { transcriber: { language: 'e' } } },
      ['body', 'overrides', 'transcriber', 'language'],
    ],
    [
      'overrides.tts.speed 0.4',
      { overrides: { tts: { speed: 0.4 } } },
      ['body', 'overrides', 'tts', 'speed'],
    ],
    [
      'overrides.tts.speed 2.5',
      { overrides: { tts: { speed: 2.5 } } },
      ['body', 'overrides', 'tts', 'speed'],
    ],
    [
      'overrides.tts.stability 1.5',
      { overrides: { tts: { stability: 1.5 } } },
      ['body', 'overrides', 'tts', 'stability'],
    ],
    [
      'overrides.first_message too long',
      { overrides: { first_message: 'x'.repeat(2001) } },
      ['body', 'overrides', 'first_message'],
    ],
  ];
  for (const [label, extra, loc] of invalid) {
    it(`422 ${label}`, async () => {
      const r = await h.json('POST', '/v1/calls', { body: body(extra) });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
    });
  }
});
