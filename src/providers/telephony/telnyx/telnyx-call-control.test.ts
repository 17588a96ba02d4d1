import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialRequest } from '../call-control.ts';
import { TelnyxVoiceDouble } from '../testing/telnyx-voice-double.ts';
import { TelnyxCallControl, telnyxClientState } from './telnyx-call-control.ts';
import { telnyxCallIdOf } from './telnyx-webhooks.ts';

let telnyx: TelnyxVoiceDouble;
let control: TelnyxCallControl;
beforeAll(async () => {
  telnyx = await TelnyxVoiceDouble.start();
  control = new TelnyxCallControl(
    { provider: 'telnyx', apiKey: telnyx.apiKey, baseUrl: telnyx.url },
    'conn-1',
  );
});
afterAll(() => telnyx.close());

const dial = (over: Partial<DialRequest> = {}): DialRequest => ({
  callId: 'call_01',
  to: '+15551230000',
  from: '+15557650000',
  mediaUrl: 'wss://parley.example/v1/carriers/telnyx/media?call_id=call_01',
  mediaToken: 'tok',
  eventsUrl: 'https://parley.example/v1/carriers/telnyx/voice',
  machineDetection: false,
  ringTimeoutSeconds: 60,
  ...over,
});

describe('TelnyxCallControl.dial', () => {
  it('dials on the connection with bidirectional PCMU RTP streaming to Parley and the call id in client_state', async () => {
    const id = await control.dial(dial());
    const call = await telnyx.nextDial();
    expect(id).toBe(call.callControlId);
    expect(call.request).toEqual({
      connection_id: 'conn-1',
      to: '+15551230000',
      from: '+15557650000',
      stream_url: 'wss://parley.example/v1/carriers/telnyx/media?call_id=call_01',
      stream_track: 'both_tracks',
      stream_bidirectional_mode: 'rtp',
      stream_bidirectional_codec: 'PCMU',
      stream_auth_token: 'tok',
      webhook_url: 'https://parley.example/v1/carriers/telnyx/voice',
      webhook_url_method: 'POST',
      client_state: telnyxClientState('call_01'),
      timeout_secs: 60,
    });
    expect(telnyxCallIdOf(call.clientState)).toBe('call_01');
  });

  it('asks for machine detection up to the end of the greeting', async () => {
    await control.dial(dial({ machineDetection: true }));
    expect((await telnyx.nextDial()).request.answering_machine_detection).toBe('greeting_end');
  });

  it('needs a Call Control Application to dial from', async () => {
    const none = new TelnyxCallControl(
      { provider: 'telnyx', apiKey: telnyx.apiKey, baseUrl: telnyx.url },
      undefined,
    );
    await expect(none.dial(dial())).rejects.toThrow(/TELNYX_CONNECTION_ID/);
  });

  it('surfaces Telnyx errors with their detail', async () => {
    telnyx.http.failNext(422, {
      errors: [{ code: '10015', title: 'Invalid', detail: 'to is not a valid number' }],
    });
    await expect(control.dial(dial())).rejects.toThrow(/to is not a valid number/);
  });
});

describe('TelnyxCallControl live call', () => {
  it('answers an incoming call with the stream and the call id', async () => {
    const call = telnyx.incoming('http://127.0.0.1:9/unused', '+15550001111', '+15557650000');
    await control.answer(call.callControlId, 'call_02', {
      url: 'wss://p/v1/carriers/telnyx/media?call_id=call_02',
      authToken: 't2',
    });
    expect(await telnyx.action(call, 'answer')).toMatchObject({
      stream_url: 'wss://p/v1/carriers/telnyx/media?call_id=call_02',
      stream_track: 'both_tracks',
      stream_bidirectional_mode: 'rtp',
      stream_bidirectional_codec: 'PCMU',
      stream_auth_token: 't2',
      client_state: telnyxClientState('call_02'),
    });
  });

  it('hangs up; a call that already ended (90018) is not an error', async () => {
    const id = await control.dial(dial());
    const call = await telnyx.nextDial();
    await control.hangup(id);
    expect(call.actions.map((a) => a.name)).toEqual(['hangup']);
    await expect(control.hangup(id)).resolves.toBeUndefined();
  });

  it('transfers from our number, then stops streaming our leg', async () => {
    const id = await control.dial(dial());
    const call = await telnyx.nextDial();
    await control.live(id, '+15557650000').transfer('+15550009999');
    expect(call.actions).toEqual([
      { name: 'transfer', body: { to: '+15550009999', from: '+15557650000' } },
      { name: 'streaming_stop', body: {} },
    ]);
  });

  it('rejects an incoming call as busy', async () => {
    const id = await control.dial(dial());
    const call = await telnyx.nextDial();
    await control.reject(id, 'USER_BUSY');
    expect(call.actions).toEqual([{ name: 'reject', body: { cause: 'USER_BUSY' } }]);
  });
});
