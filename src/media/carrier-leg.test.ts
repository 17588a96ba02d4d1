import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../domain/call/call.ts';
import type { CallLookup } from '../domain/call/call-lookup.ts';
import { ManualClock } from '../lib/clock.ts';
import { silentLogger } from '../lib/logger.ts';
import { SecretBox } from '../lib/secret-box.ts';
import type { DialRequest, PhoneCallControl } from '../providers/telephony/call-control.ts';
import { CarrierMediaTransport } from '../providers/telephony/carrier-media-transport.ts';
import { twilioMediaProtocol } from '../providers/telephony/twilio/twilio-media-protocol.ts';
import { CarrierLeg } from './carrier-leg.ts';
import { carrierUrls } from './carrier-urls.ts';
import { MediaTokens } from './media-token.ts';

function fakeControl() {
  const log: string[] = [];
  let dialled: DialRequest | undefined;
  const control: PhoneCallControl = {
    carrier: 'twilio',
    dial: async (req) => {
      dialled = req;
      log.push('dial');
      return 'CA1';
    },
    hangup: async (id) => void log.push(`hangup:${id}`),
    transfer: async (id, to) => void log.push(`transfer:${id}:${to}`),
    live: (id, callerId) => ({
      carrier: 'twilio',
      carrierCallId: id,
      hangup: () => control.hangup(id),
      transfer: (to) => control.transfer(id, to, callerId),
    }),
  };
  return { control, log, dialled: () => dialled };
}

const call = {
  id: 'call_1',
  org_id: 'org_1',
  to_number: '+15550001111',
  from_number: '+15550002222',
} as CallRecord;

function setup() {
  const clock = new ManualClock(0);
  const { control, log, dialled } = fakeControl();
  const stored: string[] = [];
  const lookup = {
    setCarrierCallId: async (_o: string, _c: string, sid: string) => void stored.push(sid),
  } as CallLookup;
  let forgotten = 0;
  const leg = new CarrierLeg(call, undefined, {
    lineFor: async () => ({ carrier: 'twilio', control, authToken: 't' }),
    lookup,
    tokens: new MediaTokens(new SecretBox(Buffer.alloc(32, 1))),
    urls: carrierUrls('https://parley.example'),
    clock,
    logger: silentLogger(),
    forget: () => forgotten++,
  });
  const media = () =>
    new CarrierMediaTransport(
      { send: () => {}, close: () => {} },
      twilioMediaProtocol,
      'MZ1',
      control.live('CA1', '+1'),
      clock,
    );
  return { clock, leg, log, stored, media, dialled, forgotten: () => forgotten };
}

describe('CarrierLeg (outbound)', () => {
  it('dials with the call id, media token and events URL, records the CallSid, and connects when media arrives', async () => {
    const s = setup();
    const outcome = s.leg.connect({ detectMachine: false });
    await s.clock.advanceAsync(0);
    expect(s.dialled()).toMatchObject({
      callId: 'call_1',
      to: '+15550001111',
      from: '+15550002222',
      mediaUrl: 'wss://parley.example/v1/carriers/twilio/media',
      eventsUrl: 'https://parley.example/v1/carriers/twilio/status?call_id=call_1',
      machineDetection: false,
    });
    expect(s.stored).toEqual(['CA1']);
    s.leg.bindMedia(s.media());
    expect(await outcome).toEqual({ kind: 'answered', by: 'unknown' });
  });

  it('with machine detection, holds the answered call until the verdict', async () => {
    const s = setup();
    let done = false;
    const outcome = s.leg.connect({ detectMachine: true }).then((o) => {
      done = true;
      return o;
    });
    await s.clock.advanceAsync(0);
    s.leg.bindMedia(s.media());
    await s.clock.advanceAsync(1000);
    expect(done).toBe(false);
    s.leg.event({ type: 'amd', answeredBy: 'machine' });
    expect(await outcome).toEqual({ kind: 'answered', by: 'machine' });
  });

  it('gives up waiting for a verdict after 35 s and connects as unknown', async () => {
    const s = setup();
    const outcome = s.leg.connect({ detectMachine: true });
    await s.clock.advanceAsync(0);
    s.leg.bindMedia(s.media());
    await s.clock.advanceAsync(35_000);
    expect(await outcome).toEqual({ kind: 'answered', by: 'unknown' });
  });

  it.each(['busy', 'no_answer'] as const)('reports %s from the carrier', async (outcome) => {
    const s = setup();
    const p = s.leg.connect({ detectMachine: false });
    await s.clock.advanceAsync(0);
    s.leg.event({ type: 'ended', outcome });
    expect(await p).toEqual({ kind: outcome });
    expect(s.forgotten()).toBe(1);
  });

  it('fails when the carrier could not connect the call', async () => {
    const s = setup();
    const p = s.leg.connect({ detectMachine: false });
    await s.clock.advanceAsync(0);
    s.leg.event({ type: 'ended', outcome: 'failed' });
    await expect(p).rejects.toThrow(/could not connect/);
  });

  it('hangs up and fails when no media stream arrives (PARLEY_PUBLIC_URL unreachable)', async () => {
    const s = setup();
    const p = s.leg.connect({ detectMachine: false });
    const failed = p.catch((e: Error) => e.message);
    await s.clock.advanceAsync(150_000);
    expect(await failed).toMatch(/PARLEY_PUBLIC_URL/);
    expect(s.log).toEqual(['dial', 'hangup:CA1']);
  });

  it('a stop while ringing hangs the call up through the carrier', async () => {
    const s = setup();
    const p = s.leg.connect({ detectMachine: false }).catch(() => 'cancelled');
    await s.clock.advanceAsync(0);
    await s.leg.cancel('api_stop');
    expect(await p).toBe('cancelled');
    expect(s.log).toEqual(['dial', 'hangup:CA1']);
  });
});
