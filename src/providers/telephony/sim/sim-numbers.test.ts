import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { PgSimNumberStore } from '../../../store/sim-numbers-repo.ts';
import { runNumberProviderContract } from '../numbers.contract.ts';
import { SimNumberProvider } from './sim-numbers.ts';
import { isSimNumber, simCandidates } from './sim-pool.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const provider = () => new SimNumberProvider(new PgSimNumberStore(h.store.db));
const voiceUrlOf = async (n: string) =>
  (
    await h.store.db
      .selectFrom('sim_numbers')
      .select('voice_url')
      .where('phone_number', '=', n)
      .executeTakeFirst()
  )?.voice_url;
const hooks = {
  voiceUrl: 'https://p.test/v1/carriers/sim/voice',
  statusCallbackUrl: 'https://p.test/v1/carriers/sim/status',
};
let spare = 0;

runNumberProviderContract('sim', () => ({
  provider: provider(),
  search: { country: 'US', areaCode: '415', limit: 10 },
  expectPrefix: '+1415555',
  ownExisting: async () => {
    const n = `+1303555${String(7000 + spare++)}`;
    await provider().connect(n, hooks);
    return n;
  },
  voiceUrlOf,
  connectsAnyNumber: true,
}));

describe('sim pool', () => {
  it('offers only fictional numbers: NXX-555-0100…0199, default area code 555, and 020 7946 0xxx in GB', () => {
    expect(simCandidates({ country: 'US' })[0]).toBe('+15555550100');
    expect(simCandidates({ country: 'CA', areaCode: '604' })).toHaveLength(100);
    expect(simCandidates({ country: 'US', areaCode: '415' }).at(-1)).toBe('+14155550199');
    expect(simCandidates({ country: 'GB' })[0]).toBe('+442079460000');
    expect(simCandidates({ country: 'DE' })).toEqual([]);
    expect(simCandidates({ country: 'US', areaCode: '123' })).toEqual([]);
  });

  it('matches `contains` on digits, keypad letters and * wildcards', () => {
    expect(simCandidates({ country: 'US', contains: '0142' })).toEqual(['+15555550142']);
    expect(simCandidates({ country: 'US', contains: '01*7' })).toHaveLength(10);
    // Keypad letters: j, k and l are all 5, so "jkl" matches 555.
    expect(simCandidates({ country: 'US', areaCode: '212', contains: 'jkl' })).toHaveLength(100);
  });

  it('knows its own numbers', () => {
    expect(isSimNumber('+15555550150')).toBe(true);
    expect(isSimNumber('+15555550200')).toBe(false);
    expect(isSimNumber('+442079460999')).toBe(true);
  });
});

describe('SimNumberProvider state', () => {
  it('persists purchases in the store, so a new provider (a restart) still sees them taken', async () => {
    const [first] = await provider().searchAvailable({ country: 'US', areaCode: '646', limit: 1 });
    await provider().purchase(first!.phone_number, hooks);
    const after = await provider().searchAvailable({ country: 'US', areaCode: '646', limit: 1 });
    expect(after[0]!.phone_number).not.toBe(first!.phone_number);
    const row = await h.store.db
      .selectFrom('sim_numbers')
      .selectAll()
      .where('phone_number', '=', first!.phone_number)
      .executeTakeFirst();
    expect(row).toMatchObject({
      purchased: true,
      voice_url: hooks.voiceUrl,
      status_callback_url: hooks.statusCallbackUrl,
    });
  });

  it('refuses to sell a number outside its pool', async () => {
    await expect(provider().purchase('+14155551234', hooks)).rejects.toMatchObject({
      reason: 'not_available',
    });
  });
});
