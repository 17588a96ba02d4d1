import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../lib/logger.ts';
import { CallLifecycleService } from './call-lifecycle-service.ts';
import type { CallSlots } from './call-slots.ts';

/** A lifecycle over in-memory slots, recording what it asked the slots and the job queue. */
function lifecycle(held: Set<string>, waiting: string[]) {
  const log: string[] = [];
  const slots: CallSlots = {
    acquire: async () => undefined,
    release: async (_org, callId) => {
      log.push(`release ${callId}`);
      return held.delete(callId);
    },
    startable: async () => {
      log.push('startable');
      return waiting.splice(0);
    },
    holderOf: async () => undefined,
  };
  const service = new CallLifecycleService({
    slots,
    events: { started: async () => undefined, partial: async () => undefined },
    jobs: {
      finalize: async (_org, callId) => void log.push(`finalize ${callId}`),
      dispatch: async (_org, callId) => void log.push(`dispatch ${callId}`),
    },
    logger: silentLogger(),
  });
  return { service, log };
}

describe('CallLifecycleService', () => {
  it("starts the waiting calls when a call's end frees its slot", async () => {
    const { service, log } = lifecycle(new Set(['call_a']), ['call_b', 'call_c']);
    await service.ended('org_1', 'call_a');
    expect(log).toEqual([
      'finalize call_a',
      'release call_a',
      'startable',
      'dispatch call_b',
      'dispatch call_c',
    ]);
  });

  it('asks for waiting calls only when the slot was still held (the finalize job repeats the release)', async () => {
    const { service, log } = lifecycle(new Set(['call_a']), []);
    await service.freeSlot('org_1', 'call_a');
    await service.freeSlot('org_1', 'call_a');
    expect(log).toEqual(['release call_a', 'startable', 'release call_a']);
  });
});
