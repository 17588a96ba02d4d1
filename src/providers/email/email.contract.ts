import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors.ts';
import type { EmailSender } from './email.ts';

/** An email as the provider (double) received it, normalised across vendors. */
export interface ReceivedEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
}

export interface EmailFixture {
  sender: EmailSender;
  /** A sender whose key the provider rejects. */
  rejectedSender: EmailSender;
  /** A verified sender address on the account. */
  from: string;
  delivered(): ReceivedEmail[];
}

const email = {
  to: 'jane.doe@example.com',
  subject: 'Your booking — 3 pm',
  text: 'Hi Jane,\n\nSee you at 3 pm. Café Ünïcode ☕ & <b>not html</b>.',
};

/** The behaviour every EmailSender must have; each adapter runs it against its provider double. */
export function runEmailContract(name: string, setup: () => EmailFixture) {
  describe(`${name}: EmailSender contract`, () => {
    it('delivers subject and plain-text body verbatim from the verified sender', async () => {
      const f = setup();
      const before = f.delivered().length;
      const sent = await f.sender.send({ from: f.from, ...email });
      expect(sent.provider).toBe(f.sender.provider);
      expect(f.delivered().slice(before)).toEqual([{ from: f.from, ...email }]);
    });

    it('refuses a recipient that is not an email address with a non-retryable 4xx', async () => {
      const f = setup();
      const err = await f.sender
        .send({ from: f.from, ...email, to: 'jane at example' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect((err as ProviderError).retryable).toBe(false);
      expect(String((err as ProviderError).statusCode)).toMatch(/^4\d\d$/);
    });

    it('reports a rejected key as a non-retryable 401 or 403', async () => {
      const f = setup();
      const err = await f.rejectedSender.send({ from: f.from, ...email }).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'ProviderError', retryable: false });
      expect([401, 403]).toContain((err as ProviderError).statusCode);
    });

    it('sends nothing when already cancelled', async () => {
      const f = setup();
      const before = f.delivered().length;
      const ctrl = new AbortController();
      ctrl.abort();
      const err = await f.sender.send({ from: f.from, ...email }, ctrl.signal).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'ProviderError', retryable: false });
      expect(f.delivered().length).toBe(before);
    });
  });
}
