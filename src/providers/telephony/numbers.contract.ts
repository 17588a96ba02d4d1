import { describe, expect, it } from 'vitest';
import { CarrierNumberError, type NumberProvider, type NumberSearch } from './numbers.ts';

/** What the contract needs around one adapter and its (loopback or in-store) carrier. */
export interface NumberProviderFixture {
  provider: NumberProvider;
  /** A search that finds at least three numbers; every result must start with `expectPrefix`. */
  search: NumberSearch;
  expectPrefix: string;
  /** Put a number on the account out of band, as if bought in the carrier's console. */
  ownExisting(): Promise<string>;
  /** The URL the carrier would call for an incoming call to `phoneNumber`; undefined when not on the account. */
  voiceUrlOf(phoneNumber: string): Promise<string | undefined>;
  /** True when any number may be connected (the simulator); false = only numbers on the account. */
  connectsAnyNumber: boolean;
}

const hooks = {
  voiceUrl: 'https://parley.test/v1/carriers/x/voice',
  statusCallbackUrl: 'https://parley.test/v1/carriers/x/status',
};

/** The behaviour every NumberProvider must have; each adapter runs it against its carrier double. */
export function runNumberProviderContract(name: string, setup: () => NumberProviderFixture) {
  describe(`${name}: NumberProvider contract`, () => {
    it('searches E.164 voice numbers matching the filters, at most `limit`', async () => {
      const f = setup();
      const found = await f.provider.searchAvailable({ ...f.search, limit: 2 });
      expect(found).toHaveLength(2);
      for (const n of found) {
        expect(n.phone_number).toMatch(/^\+[1-9]\d{1,14}$/);
        expect(n.phone_number.startsWith(f.expectPrefix)).toBe(true);
        expect(n.capabilities.voice).toBe(true);
      }
    });

    it('purchases a found number, points it at Parley and stops offering it', async () => {
      const f = setup();
      const [first] = await f.provider.searchAvailable(f.search);
      const bought = await f.provider.purchase(first!.phone_number, hooks);
      expect(bought.phoneNumber).toBe(first!.phone_number);
      expect(await f.voiceUrlOf(first!.phone_number)).toBe(hooks.voiceUrl);
      const again = await f.provider.searchAvailable({ ...f.search, limit: 50 });
      expect(again.map((n) => n.phone_number)).not.toContain(first!.phone_number);
      await expect(f.provider.purchase(first!.phone_number, hooks)).rejects.toMatchObject({
        name: 'CarrierNumberError',
        reason: 'not_available',
      });
    });

    it('connects a number already on the account', async () => {
      const f = setup();
      const own = await f.ownExisting();
      const connected = await f.provider.connect(own, hooks);
      expect(connected.phoneNumber).toBe(own);
      expect(await f.voiceUrlOf(own)).toBe(hooks.voiceUrl);
    });

    it('refuses to connect a number that is not on the account, unless the carrier takes any number', async () => {
      const f = setup();
      const stranger = '+19995550100';
      const attempt = f.provider.connect(stranger, hooks);
      if (f.connectsAnyNumber) await expect(attempt).resolves.toMatchObject({ phoneNumber: stranger });
      else {
        const err = await attempt.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(CarrierNumberError);
        expect(err).toMatchObject({ reason: 'not_on_account' });
      }
    });

    it('releases a bought number; releasing it again is not an error', async () => {
      const f = setup();
      const [first] = await f.provider.searchAvailable(f.search);
      const bought = await f.provider.purchase(first!.phone_number, hooks);
      await f.provider.release(bought);
      expect(await f.voiceUrlOf(first!.phone_number)).toBeUndefined();
      await expect(f.provider.release(bought)).resolves.toBeUndefined();
    });
  });
}
