import { z } from 'zod';
import { type DialRequest, liveControl, type PhoneCallControl } from '../call-control.ts';
import type { TwilioAccount } from '../carrier-account.ts';
import { twilioError, twilioErrorOf, twilioRequest } from './twilio-rest.ts';
import { connectStreamTwiml, dialTwiml } from './twilio-twiml.ts';

const CallResource = z.object({ sid: z.string().regex(/^CA[0-9a-fA-F]{32}$/) }).loose();
/** Twilio 21220: "Call is not in-progress. Cannot redirect." — the call already ended. */
const callEndedCode = 21220;

/** Outbound calls and live-call control over Twilio's Calls resource (2010-04-01). */
export class TwilioCallControl implements PhoneCallControl {
  readonly carrier = 'twilio' as const;

  constructor(private readonly account: TwilioAccount) {}

  /**
   * POST /Calls.json with inline TwiML `<Connect><Stream>` (the call id and media token as stream
   * parameters), status callbacks for every progress event and, when asked, async answering-machine
   * detection that reports after the greeting's beep (DetectMessageEnd).
   */
  async dial(req: DialRequest): Promise<string> {
    const form = new URLSearchParams({
      To: req.to,
      From: req.from,
      Twiml: connectStreamTwiml(req.mediaUrl, { call_id: req.callId, token: req.mediaToken }),
      StatusCallback: req.eventsUrl,
      StatusCallbackMethod: 'POST',
      Timeout: String(req.ringTimeoutSeconds),
    });
    for (const e of ['initiated', 'ringing', 'answered', 'completed']) form.append('StatusCallbackEvent', e);
    if (req.machineDetection) {
      form.set('MachineDetection', 'DetectMessageEnd');
      form.set('AsyncAmd', 'true');
      form.set('AsyncAmdStatusCallback', req.eventsUrl);
      form.set('AsyncAmdStatusCallbackMethod', 'POST');
    }
    const res = await twilioRequest(this.account, 'POST', '/Calls.json', form);
    if (res.status !== 201 && res.status !== 200) throw twilioError(res);
    return CallResource.parse(res.body).sid;
  }

  /** Update the call with `Status=completed`; a call that already ended is not an error. */
  async hangup(callSid: string): Promise<void> {
    await this.update(callSid, new URLSearchParams({ Status: 'completed' }));
  }

  /** Replace the live call's TwiML with `<Dial>` to `to`: the media stream stops, the caller is connected. */
  async transfer(callSid: string, to: string, callerId: string): Promise<void> {
    const ok = await this.update(callSid, new URLSearchParams({ Twiml: dialTwiml(to, callerId) }));
    if (!ok) throw new Error(`Twilio call ${callSid} had already ended; nothing to transfer`);
  }

  live(callSid: string, callerId: string) {
    return liveControl(this, callSid, callerId);
  }

  /** POST /Calls/{sid}.json; false when the call no longer exists or already ended. */
  private async update(callSid: string, form: URLSearchParams): Promise<boolean> {
    const res = await twilioRequest(this.account, 'POST', `/Calls/${encodeURIComponent(callSid)}.json`, form);
    if (res.status >= 200 && res.status < 300) return true;
    if (res.status === 404 || twilioErrorOf(res).code === callEndedCode) return false;
    throw twilioError(res);
  }
}
