import { describe, expect, it } from 'vitest';
import { deriveOutcomeName, isBuiltinOutcome } from './outcome.ts';

describe('deriveOutcomeName', () => {
  const cases: [string, string | undefined][] = [
    ['Hot Lead!', 'hot_lead'],
    ['Appointment Booked', 'appointment_booked'],
    ['  Demo -- scheduled  ', 'demo_scheduled'],
    ['Café Visit', 'cafe_visit'],
    ['already_snake', 'already_snake'],
    ['Call back in 2 weeks', 'call_back_in_2_weeks'],
    ['!!!', undefined],
    ['日本語', undefined],
    ['2nd attempt', undefined],
    [`${'a'.repeat(39)} b`, 'a'.repeat(39)],
    ['x'.repeat(100), 'x'.repeat(40)],
  ];
  for (const [label, want] of cases)
    it(`${JSON.stringify(label)} → ${want}`, () => {
      expect(deriveOutcomeName(label)).toBe(want);
    });
});

describe('isBuiltinOutcome', () => {
  it('knows the five builtins', () => {
    for (const n of ['appointment_booked', 'interested', 'not_interested', 'not_connected', 'voicemail'])
      expect(isBuiltinOutcome(n)).toBe(true);
    expect(isBuiltinOutcome('hot_lead')).toBe(false);
  });
});
