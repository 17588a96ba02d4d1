import { z } from 'zod';
import { type DialRequest, liveControl, type PhoneCallControl } from '../call-control.ts';
import type { TelnyxAccount } from '../carrier-account.ts';
import { telnyxError, telnyxErrorOf, telnyxRequest } from './telnyx-rest.ts';

const Dialled = z.object({ data: z.object({ call_control_id: z.string().min(1) }).loose() });
/** Telnyx 90018: "Call has already ended". */
const callEndedCode = '90018';

/** Where and how Telnyx streams a call's media to Parley (bidirectional RTP, PCMU at 8 kHz). */
export interface TelnyxStream {
  url: string;
  authToken: string;
}

/** `client_state` is base64 text Telnyx echoes on every later webhook of the call: Parley puts the call id in it. */
export function telnyxClientState(callId: string): string {
  return Buffer.from(JSON.stringify({ call_id: callId })).toString('base64');
}

/** Stream parameters shared by dial and answer. */
function streamParams(s: TelnyxStream) {
  return {
    stream_url: s.url,
    stream_track: 'both_tracks',
    stream_bidirectional_mode: 'rtp',
    stream_bidirectional_codec: 'PCMU',
    stream_auth_token: s.authToken,
  };
}

/** Telnyx Call Control v2: dial, answer, speak, hang up and transfer calls on one account. */
export class TelnyxCallControl implements PhoneCallControl {
  readonly carrier = 'telnyx' as const;

  constructor(
    private readonly account: TelnyxAccount,
    /** The Call Control Application (connection) outbound calls are placed on. */
    private readonly connectionId: string | undefined,
  ) {}

  /** POST /v2/calls with media streaming to Parley, webhooks to Parley and, when asked, AMD to the greeting's end. */
  async dial(req: DialRequest): Promise<string> {
    if (!this.connectionId)
      throw new Error(
        'No Telnyx Call Control Application is known for this number: re-register it, or set TELNYX_CONNECTION_ID (or the integration metadata.connection_id).',
      );
    const body: Record<string, unknown> = {
      connection_id: this.connectionId,
      to: req.to,
      from: req.from,
      ...streamParams({ url: req.mediaUrl, authToken: req.mediaToken }),
      webhook_url: req.eventsUrl,
      webhook_url_method: 'POST',
      client_state: telnyxClientState(req.callId),
      timeout_secs: req.ringTimeoutSeconds,
    };
    if (req.machineDetection) body.answering_machine_detection = 'greeting_end';
    const res = await telnyxRequest(this.account, 'POST', '/calls', body);
    if (res.status < 200 || res.status >= 300) throw telnyxError(res);
    return Dialled.parse(res.body).data.call_control_id;
  }

  /** Answer an incoming call and start streaming its media to Parley. */
  async answer(callControlId: string, callId: string, stream: TelnyxStream): Promise<void> {
    await this.action(callControlId, 'answer', {
      ...streamParams(stream),
      client_state: telnyxClientState(callId),
    });
  }

  /** Decline an incoming call without answering it. */
  async reject(callControlId: string, cause: 'CALL_REJECTED' | 'USER_BUSY'): Promise<void> {
    await this.action(callControlId, 'reject', { cause });
  }

  async hangup(callControlId: string): Promise<void> {
    await this.action(callControlId, 'hangup', {});
  }

  /** Transfer to `to` (a new leg bridged with the caller), then stop streaming our leg's media. */
  async transfer(callControlId: string, to: string, callerId: string): Promise<void> {
    const ok = await this.action(callControlId, 'transfer', { to, from: callerId });
    if (!ok) throw new Error(`Telnyx call ${callControlId} had already ended; nothing to transfer`);
    await this.action(callControlId, 'streaming_stop', {}).catch(() => false);
  }

  live(callControlId: string, callerId: string) {
    return liveControl(this, callControlId, callerId);
  }

  /** POST /v2/calls/{id}/actions/{name}; false when the call has already ended. */
  private async action(callControlId: string, name: string, body: Record<string, unknown>): Promise<boolean> {
    const res = await telnyxRequest(
      this.account,
      'POST',
      `/calls/${encodeURIComponent(callControlId)}/actions/${name}`,
      body,
    );
    if (res.status >= 200 && res.status < 300) return true;
    if (res.status === 404 || telnyxErrorOf(res).code === callEndedCode) return false;
    throw telnyxError(res);
  }
}
