import { describe, expect, it } from 'vitest';
import {
  type CallStatus,
  callStatuses,
  canTransition,
  type EndReason,
  endReasons,
  endStatus,
  isTerminal,
  possibleEndStatuses,
  predecessorsOf,
} from './call-status.ts';

/** Every (from, to) pair that is allowed; all others must be refused. */
const allowed: [CallStatus, CallStatus][] = [
  ['queued', 'initiated'],
  ['queued', 'failed'],
  ['initiated', 'in_progress'],
  ['initiated', 'failed'],
  ['in_progress', 'completed'],
  ['in_progress', 'failed'],
];

describe('canTransition', () => {
  for (const from of callStatuses)
    for (const to of callStatuses) {
      const ok = allowed.some(([f, t]) => f === from && t === to);
      it(`${from} → ${to} is ${ok ? 'allowed' : 'refused'}`, () => {
        expect(canTransition(from, to)).toBe(ok);
      });
    }
});

describe('isTerminal', () => {
  const table: [CallStatus, boolean][] = [
    ['queued', false],
    ['initiated', false],
    ['in_progress', false],
    ['completed', true],
    ['failed', true],
  ];
  for (const [s, terminal] of table)
    it(`${s} ${terminal ? 'is' : 'is not'} terminal`, () => expect(isTerminal(s)).toBe(terminal));
});

describe('predecessorsOf', () => {
  const table: [CallStatus, CallStatus[]][] = [
    ['queued', []],
    ['initiated', ['queued']],
    ['in_progress', ['initiated']],
    ['completed', ['in_progress']],
    ['failed', ['queued', 'initiated', 'in_progress']],
  ];
  for (const [to, from] of table)
    it(`→ ${to} only from [${from.join(', ')}]`, () => expect(predecessorsOf(to)).toEqual(from));
});

describe('endStatus', () => {
  const alwaysFailed: EndReason[] = [
    'no_answer',
    'busy',
    'dial_failed',
    'provider_error',
    'server_restart',
    'cancelled',
    'error',
  ];
  const completeWhenConnected: EndReason[] = [
    'api_stop',
    'agent_hangup',
    'end_call_phrase',
    'customer_hangup',
    'silence_timeout',
    'max_duration',
    'voicemail',
    'transfer',
  ];
  it('the two groups cover the closed enum exactly', () => {
    expect([...alwaysFailed, ...completeWhenConnected].sort()).toEqual([...endReasons].sort());
    expect(endReasons).toHaveLength(15);
  });
  for (const reason of alwaysFailed) {
    it(`${reason} always ends failed`, () => {
      for (const from of ['queued', 'initiated', 'in_progress'] as const)
        expect(endStatus(reason, from)).toBe('failed');
      expect(possibleEndStatuses(reason)).toEqual(['failed']);
    });
  }
  for (const reason of completeWhenConnected) {
    it(`${reason} completes a connected call and fails one that never connected`, () => {
      expect(endStatus(reason, 'in_progress')).toBe('completed');
      expect(endStatus(reason, 'initiated')).toBe('failed');
      expect(endStatus(reason, 'queued')).toBe('failed');
    });
  }
  it('an ended call cannot end again', () => {
    for (const reason of endReasons) {
      expect(endStatus(reason, 'completed')).toBeUndefined();
      expect(endStatus(reason, 'failed')).toBeUndefined();
    }
  });
  it('every status endStatus picks is a legal transition', () => {
    for (const reason of endReasons)
      for (const from of ['queued', 'initiated', 'in_progress'] as const)
        expect(canTransition(from, endStatus(reason, from)!)).toBe(true);
  });
});
