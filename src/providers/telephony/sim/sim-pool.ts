import type { AvailableNumber, NumberSearch } from '../numbers.ts';

/**
 * The simulator's inventory: numbers reserved for fiction, so a sim number can never ring a real
 * phone. North America: NXX-555-0100…0199 in any area code (default 555); UK: 020 7946 0000…0999.
 */
const pools: Record<string, (areaCode: string | undefined) => string[]> = {
  US: northAmerica,
  CA: northAmerica,
  GB: (areaCode) =>
    areaCode === undefined || areaCode === '20'
      ? Array.from({ length: 1000 }, (_, i) => `+442079460${String(i).padStart(3, '0')}`)
      : [],
};

export const simCountries = Object.keys(pools);

function northAmerica(areaCode: string | undefined): string[] {
  const npa = areaCode ?? '555';
  if (!/^[2-9]\d{2}$/.test(npa)) return [];
  return Array.from({ length: 100 }, (_, i) => `+1${npa}55501${String(i).padStart(2, '0')}`);
}

const keypad: Record<string, string> = Object.fromEntries(
  ['abc', 'def', 'ghi', 'jkl', 'mno', 'pqrs', 'tuv', 'wxyz'].flatMap((letters, i) =>
    [...letters].map((l) => [l, String(i + 2)]),
  ),
);

/** Twilio-style `contains`: digits, letters as keypad digits, `*` for any one digit. */
function containsMatcher(pattern: string | undefined): (e164: string) => boolean {
  if (!pattern) return () => true;
  const source = [...pattern.toLowerCase()]
    .map((ch) => (ch === '*' ? '\\d' : /\d/.test(ch) ? ch : (keypad[ch] ?? '')))
    .join('');
  const re = new RegExp(source);
  return (e164) => re.test(e164.slice(1));
}

/** Every pool number matching the filters, in ascending order (deterministic). */
export function simCandidates(search: Omit<NumberSearch, 'limit'>): string[] {
  const pool = pools[search.country.toUpperCase()]?.(search.areaCode) ?? [];
  return pool.filter(containsMatcher(search.contains));
}

/** True when `e164` belongs to the simulator's inventory. */
export function isSimNumber(e164: string): boolean {
  if (e164.startsWith('+1')) return northAmerica(e164.slice(2, 5)).includes(e164);
  return pools.GB!(undefined).includes(e164);
}

export function describeSimNumber(e164: string): AvailableNumber {
  const uk = e164.startsWith('+44');
  const national = uk
    ? `020 7946 ${e164.slice(9)}`
    : `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;
  return {
    phone_number: e164,
    friendly_name: national,
    country: uk ? 'GB' : 'US',
    region: null,
    locality: 'Simulator',
    capabilities: { voice: true, sms: false, mms: false },
  };
}
