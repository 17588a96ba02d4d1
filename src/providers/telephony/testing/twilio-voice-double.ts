import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { HttpDouble, type RecordedRequest, sendJson } from '../../testing/http-double.ts';
import { twilioSignature } from '../twilio/twilio-signature.ts';
import { MediaPeer } from './media-peer.ts';

/** One call on the double's account, as Twilio's Calls resource sees it. */
export interface TwilioDoubleCall {
  sid: string;
  direction: 'outbound-api' | 'inbound';
  to: string;
  from: string;
  /** The create request's parameters (outbound). */
  params: URLSearchParams;
  status: string;
  twiml: string;
  /** Every POST /Calls/{sid}.json, in order. */
  updates: URLSearchParams[];
  media: MediaPeer | undefined;
  /** `<Dial>` target after a TwiML update (a transfer). */
  transferredTo: string | undefined;
}

// Documented Calls create parameters the double accepts (anything else is an error, to catch typos).
const createParams = new Set([
  'To',
  'From',
  'Twiml',
  'Url',
  'Method',
  'StatusCallback',
  'StatusCallbackMethod',
  'StatusCallbackEvent',
  'Timeout',
  'MachineDetection',
  'AsyncAmd',
  'AsyncAmdStatusCallback',
  'AsyncAmdStatusCallbackMethod',
]);

const xmlText = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const error = (res: ServerResponse, status: number, code: number, message: string) =>
  sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
const hex = (n: number) => randomBytes(n).toString('hex');

/** `<Stream url>` and its `<Parameter>`s from TwiML, if it connects a stream. */
export function streamOf(twiml: string): { url: string; params: Record<string, string> } | undefined {
  const url = /<Stream[^>]*\burl="([^"]+)"/.exec(twiml)?.[1];
  if (!url) return undefined;
  const params: Record<string, string> = {};
  for (const m of twiml.matchAll(/<Parameter name="([^"]*)" value="([^"]*)"\/>/g))
    params[xmlText(m[1]!)] = xmlText(m[2]!);
  return { url: xmlText(url), params };
}

/**
 * Twilio's voice side on loopback: the Calls REST resource (create with inline TwiML, update with
 * `Status=completed` or new TwiML), signed status / async-AMD callbacks, signed incoming-call
 * webhooks, and the media stream (a MediaPeer) a `<Connect><Stream>` opens. Tests drive each call.
 */
export class TwilioVoiceDouble {
  readonly calls = new Map<string, TwilioDoubleCall>();
  private readonly dialWaiters: ((c: TwilioDoubleCall) => void)[] = [];
  private readonly dialled: TwilioDoubleCall[] = [];
  private seq = 0;

  private constructor(
    readonly http: HttpDouble,
    readonly accountSid: string,
    readonly authToken: string,
  ) {}

  static async start(): Promise<TwilioVoiceDouble> {
    let self: TwilioVoiceDouble | undefined;
    const http = await HttpDouble.start((req, res) => self!.handle(req, res));
    self = new TwilioVoiceDouble(http, `AC${hex(16)}`, hex(16));
    return self;
  }

  get url(): string {
    return this.http.url;
  }

  /** The next call created over REST (waits for it). */
  nextDial(): Promise<TwilioDoubleCall> {
    const c = this.dialled.shift();
    if (c) return Promise.resolve(c);
    return new Promise((r) => this.dialWaiters.push(r));
  }

  /** POST a signed status callback to the call's StatusCallback. */
  async status(
    call: TwilioDoubleCall,
    callStatus: string,
    extra: Record<string, string> = {},
  ): Promise<Response> {
    call.status = callStatus;
    return this.signedPost(call.params.get('StatusCallback')!, {
      ...this.base(call),
      CallStatus: callStatus,
      ...extra,
    });
  }

  /** POST the async answering-machine verdict (`human`, `machine_end_beep`, …). */
  async amd(call: TwilioDoubleCall, answeredBy: string): Promise<Response> {
    return this.signedPost(call.params.get('AsyncAmdStatusCallback')!, {
      ...this.base(call),
      AnsweredBy: answeredBy,
      MachineDetectionDuration: '4200',
    });
  }

  /** The callee picks up: `in-progress` callback, then the `<Connect><Stream>` of the call's TwiML opens. */
  async answer(call: TwilioDoubleCall): Promise<MediaPeer> {
    await this.status(call, 'in-progress');
    return this.openStream(call);
  }

  /** Open the media stream the call's TwiML asks for. */
  async openStream(call: TwilioDoubleCall): Promise<MediaPeer> {
    const s = streamOf(call.twiml);
    if (!s) throw new Error(`call ${call.sid} has no <Connect><Stream> in its TwiML: ${call.twiml}`);
    call.media = new MediaPeer({
      dialect: 'twilio',
      url: s.url,
      params: s.params,
      carrierCallId: call.sid,
      streamId: `MZ${hex(16)}`,
    });
    return call.media.start();
  }

  /** An incoming call to `to`: the signed voice webhook; the TwiML answer is kept on the call. */
  async ring(
    voiceUrl: string,
    from: string,
    to: string,
    sign = true,
  ): Promise<{ call: TwilioDoubleCall; res: Response }> {
    const call = this.newCall('inbound', to, from, new URLSearchParams(), '');
    const res = await this.signedPost(voiceUrl, { ...this.base(call), CallStatus: 'ringing' }, sign);
    call.twiml = await res.clone().text();
    return { call, res };
  }

  /** A callback signed (or, with `sign` false, signed with a wrong token). */
  async signedPost(url: string, params: Record<string, string>, sign = true): Promise<Response> {
    const signature = twilioSignature(sign ? this.authToken : 'not-the-auth-token', url, params);
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private base(call: TwilioDoubleCall): Record<string, string> {
    return {
      AccountSid: this.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: call.sid,
      Called: call.to,
      Caller: call.from,
      Direction: call.direction,
      From: call.from,
      To: call.to,
      SequenceNumber: String(this.seq++),
    };
  }

  private newCall(
    direction: TwilioDoubleCall['direction'],
    to: string,
    from: string,
    params: URLSearchParams,
    twiml: string,
  ) {
    const call: TwilioDoubleCall = {
      sid: `CA${hex(16)}`,
      direction,
      to,
      from,
      params,
      status: 'queued',
      twiml,
      updates: [],
      media: undefined,
      transferredTo: undefined,
    };
    this.calls.set(call.sid, call);
    return call;
  }

  private handle(req: RecordedRequest, res: ServerResponse) {
    const auth = /^Basic (.+)$/.exec(String(req.headers.authorization ?? ''));
    const [user, pass] = auth ? Buffer.from(auth[1]!, 'base64').toString().split(':') : [];
    if (user !== this.accountSid || pass !== this.authToken) return error(res, 401, 20003, 'Authenticate');
    const path = req.path.slice(`/2010-04-01/Accounts/${this.accountSid}`.length);
    const form = new URLSearchParams(req.body.toString('utf8'));
    if (req.method === 'POST' && path === '/Calls.json') return this.create(form, res);
    const one = /^\/Calls\/(CA[0-9a-f]{32})\.json$/.exec(path);
    const call = one ? this.calls.get(one[1]!) : undefined;
    if (req.method === 'POST' && call) return this.update(call, form, res);
    return error(res, 404, 20404, `The requested resource ${req.path} was not found`);
  }

  private create(form: URLSearchParams, res: ServerResponse) {
    const unknown = [...form.keys()].find((k) => !createParams.has(k));
    if (unknown) return error(res, 400, 20001, `Unknown parameter ${unknown}`);
    const to = form.get('To');
    const from = form.get('From');
    if (!to || !from) return error(res, 400, 21201, 'No To or From number specified');
    if (!form.get('Twiml') && !form.get('Url')) return error(res, 400, 21205, 'Url or Twiml is required');
    if (form.get('AsyncAmd') === 'true' && !form.get('AsyncAmdStatusCallback'))
      return error(res, 400, 21262, 'No AMD status callback URL provided');
    const call = this.newCall('outbound-api', to, from, form, form.get('Twiml') ?? '');
    sendJson(res, 201, this.resource(call));
    const waiter = this.dialWaiters.shift();
    if (waiter) waiter(call);
    else this.dialled.push(call);
  }

  private update(call: TwilioDoubleCall, form: URLSearchParams, res: ServerResponse) {
    call.updates.push(form);
    const ended = ['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(call.status);
    if (ended) return error(res, 400, 21220, 'Call is not in-progress. Cannot redirect.');
    const twiml = form.get('Twiml');
    if (twiml) {
      call.twiml = twiml;
      call.transferredTo = /<Dial[^>]*>([^<]+)<\/Dial>/.exec(twiml)?.[1];
    } else if (form.get('Status') === 'completed') call.status = 'completed';
    else return error(res, 400, 20001, 'Nothing to update');
    sendJson(res, 200, this.resource(call));
    // The stream ends (the call hangs up, or leaves <Connect> for the new TwiML), then the final status.
    call.media?.hangUp();
    void this.status(call, 'completed', { CallDuration: '7' }).catch(() => undefined);
  }

  private resource(c: TwilioDoubleCall) {
    return {
      sid: c.sid,
      account_sid: this.accountSid,
      to: c.to,
      from: c.from,
      status: c.status,
      direction: c.direction,
      api_version: '2010-04-01',
      uri: `/2010-04-01/Accounts/${this.accountSid}/Calls/${c.sid}.json`,
    };
  }
}
