import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors.ts';
import type { OutgoingSms, SmsSender } from './sms.ts';

/** What the contract needs around one SmsSender and its (loopback or in-process) carrier. */
export interface SmsFixture {
  sender: SmsSender;
  /** A sender whose credentials the carrier rejects; absent for carriers without credentials (sim). */
  rejectedSender?: SmsSender | undefined;
  /** A number the account may send from. */
  from: string;
  /** What the carrier accepted so far, in order; absent when the carrier keeps no outbox (sim: the action log does). */
  delivered?: (() => OutgoingSms[]) | undefined;
}

const to = '+14155550123';
const body = 'Café ☕ at 5 & 6 — see https://acme.test/a?b=1&c=2\nSecond line';

/** The behaviour every SmsSender must have; each adapter runs it against its carrier double. */
export function runSmsContract(name: string, setup: () => SmsFixture) {
  describe(`${name}: SmsSender contract`, () => {
    it('delivers the body verbatim from the given number and returns the carrier id', async () => {
      const f = setup();
      const outbox = f.delivered ?? (() => []);
      const before = outbox().length;
      const sent = await f.sender.send({ from: f.from, to, body });
      expect(sent.id).not.toBe('');
      expect(sent.provider).toBe(f.sender.provider);
      expect(sent.status).not.toBe('');
      if (f.delivered) expect(outbox().slice(before)).toEqual([{ from: f.from, to, body }]);
    });

    it('refuses a recipient that is not a phone number with a non-retryable 4xx', async () => {
      const f = setup();
      const err = await f.sender.send({ from: f.from, to: '555-0123', body }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({ retryable: false, statusCode: expect.any(Number) });
      expect((err as ProviderError).statusCode! >= 400 && (err as ProviderError).statusCode! < 500).toBe(
        true,
      );
    });

    it('sends nothing when already cancelled', async () => {
      const f = setup();
      const outbox = f.delivered ?? (() => []);
      const before = outbox().length;
      const ctrl = new AbortController();
      ctrl.abort();
      const err = await f.sender.send({ from: f.from, to, body }, ctrl.signal).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'ProviderError', retryable: false });
      expect(outbox().length).toBe(before);
    });

    it('reports rejected credentials as a non-retryable 401', async (ctx) => {
      const f = setup();
      if (!f.rejectedSender) return ctx.skip();
      const err = await f.rejectedSender.send({ from: f.from, to, body }).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'ProviderError', statusCode: 401, retryable: false });
    });
  });
}
