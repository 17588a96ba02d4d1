import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialRequest } from '../call-control.ts';
import { TwilioVoiceDouble } from '../testing/twilio-voice-double.ts';
import { TwilioCallControl } from './twilio-call-control.ts';

let twilio: TwilioVoiceDouble;
let control: TwilioCallControl;
beforeAll(async () => {
  twilio = await TwilioVoiceDouble.start();
  control = new TwilioCallControl({
    provider: 'twilio',
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    baseUrl: twilio.url,
  });
});
afterAll(() => twilio.close());

const dial = (over: Partial<DialRequest> = {}): DialRequest => ({
  callId: 'call_01',
  to: '+15551230000',
  from: '+15557650000',
  mediaUrl: 'wss://parley.example/v1/carriers/twilio/media',
  mediaToken: 'tok&<x>',
  eventsUrl: 'https://parley.example/v1/carriers/twilio/status?call_id=call_01',
  machineDetection: false,
  ringTimeoutSeconds: 60,
  ...over,
});

describe('TwilioCallControl.dial', () => {
  it('creates the call with inline <Connect><Stream> TwiML and status callbacks for every progress event', async () => {
    const sid = await control.dial(dial());
    const call = await twilio.nextDial();
    expect(sid).toBe(call.sid);
    const p = call.params;
    expect(p.get('To')).toBe('+15551230000');
    expect(p.get('From')).toBe('+15557650000');
    expect(p.get('StatusCallback')).toBe('https://parley.example/v1/carriers/twilio/status?call_id=call_01');
    expect(p.get('StatusCallbackMethod')).toBe('POST');
    expect(p.getAll('StatusCallbackEvent')).toEqual(['initiated', 'ringing', 'answered', 'completed']);
    expect(p.get('Timeout')).toBe('60');
    expect(p.has('MachineDetection')).toBe(false);
    expect(p.get('Twiml')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="wss://parley.example/v1/carriers/twilio/media"><Parameter name="call_id" value="call_01"/><Parameter name="token" value="tok&amp;&lt;x>"/></Stream></Connect></Response>',
    );
  });

  it('asks for async answering-machine detection that waits for the beep', async () => {
    await control.dial(dial({ machineDetection: true }));
    const p = (await twilio.nextDial()).params;
    expect(p.get('MachineDetection')).toBe('DetectMessageEnd');
    expect(p.get('AsyncAmd')).toBe('true');
    expect(p.get('AsyncAmdStatusCallback')).toBe(p.get('StatusCallback'));
    expect(p.get('AsyncAmdStatusCallbackMethod')).toBe('POST');
  });

  it('surfaces Twilio errors with their message and code', async () => {
    twilio.http.failNext(400, {
      code: 21211,
      message: "The 'To' number +1555 is not a valid phone number.",
      status: 400,
    });
    await expect(control.dial(dial())).rejects.toThrow(/not a valid phone number.*21211/);
  });
});

describe('TwilioCallControl live call', () => {
  it('hangs up with Status=completed; hanging up an ended call is not an error', async () => {
    const sid = await control.dial(dial());
    const call = await twilio.nextDial();
    call.status = 'in-progress';
    await control.hangup(sid);
    expect(call.updates.at(-1)?.get('Status')).toBe('completed');
    await expect(control.hangup(sid)).resolves.toBeUndefined();
  });

  it('transfers by replacing the TwiML with <Dial> from our number', async () => {
    const sid = await control.dial(dial());
    const call = await twilio.nextDial();
    call.status = 'in-progress';
    await control.live(sid, '+15557650000').transfer('+15550009999');
    expect(call.updates.at(-1)?.get('Twiml')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Dial callerId="+15557650000">+15550009999</Dial></Response>',
    );
    expect(call.transferredTo).toBe('+15550009999');
  });

  it('refuses to transfer a call that already ended', async () => {
    const sid = await control.dial(dial());
    (await twilio.nextDial()).status = 'completed';
    await expect(control.transfer(sid, '+15550009999', '+15557650000')).rejects.toThrow(/already ended/);
  });
});
