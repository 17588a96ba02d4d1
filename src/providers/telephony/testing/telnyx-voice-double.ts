import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { HttpDouble, jsonBody, type RecordedRequest, sendJson } from '../../testing/http-double.ts';
import { telnyxSignature } from '../telnyx/telnyx-signature.ts';
import { MediaPeer } from './media-peer.ts';

/** One call leg on the double, as Telnyx Call Control sees it. */
export interface TelnyxDoubleCall {
  callControlId: string;
  direction: 'outgoing' | 'incoming';
  to: string;
  from: string;
  /** The dial (or answer) request body: stream_url, stream_* options, webhook_url, client_state … */
  request: Record<string, unknown>;
  clientState: string | null;
  webhookUrl: string;
  /** Every action posted for the call (`answer`, `hangup`, `transfer`, `reject`, `streaming_stop`), with its body. */
  actions: { name: string; body: Record<string, unknown> }[];
  media: MediaPeer | undefined;
  hungUp: boolean;
}

const actionNames = new Set(['answer', 'hangup', 'transfer', 'reject', 'streaming_stop']);
const errors = (res: ServerResponse, status: number, code: string, title: string, detail: string) =>
  sendJson(res, status, { errors: [{ code, title, detail }] });

/**
 * Telnyx Call Control v2 on loopback: `POST /v2/calls` (dial with media streaming), call actions,
 * Ed25519-signed webhooks (`telnyx-signature-ed25519` over `timestamp|body`), and the media stream a
 * dial or answer with `stream_url` opens (a MediaPeer). Tests drive each call.
 */
export class TelnyxVoiceDouble {
  readonly calls = new Map<string, TelnyxDoubleCall>();
  readonly apiKey = `KEY${randomUUID().replace(/-/g, '')}`;
  readonly publicKeyBase64: string;
  private readonly privateKey: KeyObject;
  private readonly dialWaiters: ((c: TelnyxDoubleCall) => void)[] = [];
  private readonly dialled: TelnyxDoubleCall[] = [];
  private readonly actionWaiters: (() => void)[] = [];

  private constructor(readonly http: HttpDouble) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' }) as { x: string };
    this.publicKeyBase64 = Buffer.from(jwk.x, 'base64url').toString('base64');
  }

  static async start(): Promise<TelnyxVoiceDouble> {
    let self: TelnyxVoiceDouble | undefined;
    const http = await HttpDouble.start((req, res) => self!.handle(req, res));
    self = new TelnyxVoiceDouble(http);
    return self;
  }

  get url(): string {
    return this.http.url;
  }

  nextDial(): Promise<TelnyxDoubleCall> {
    const c = this.dialled.shift();
    if (c) return Promise.resolve(c);
    return new Promise((r) => this.dialWaiters.push(r));
  }

  /** Wait until the call has an action named `name`. */
  async action(call: TelnyxDoubleCall, name: string): Promise<Record<string, unknown>> {
    for (;;) {
      const a = call.actions.find((x) => x.name === name);
      if (a) return a.body;
      await new Promise<void>((r) => this.actionWaiters.push(r));
    }
  }

  /** Send a signed webhook `event_type` for the call (`signWith: 'other'` signs with a stranger's key). */
  async webhook(
    call: TelnyxDoubleCall,
    eventType: string,
    extra: Record<string, unknown> = {},
    opts: { signWith?: 'account' | 'other'; timestamp?: number } = {},
  ): Promise<Response> {
    const body = JSON.stringify({
      data: {
        event_type: eventType,
        id: randomUUID(),
        occurred_at: new Date().toISOString(),
        record_type: 'event',
        payload: {
          call_control_id: call.callControlId,
          call_leg_id: randomUUID(),
          call_session_id: randomUUID(),
          connection_id: '1494404757140276705',
          client_state: call.clientState,
          from: call.from,
          to: call.to,
          direction: call.direction,
          state: eventType === 'call.initiated' ? 'parked' : undefined,
          ...extra,
        },
      },
      meta: { attempt: 1, delivered_to: call.webhookUrl },
    });
    const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
    const key = opts.signWith === 'other' ? generateKeyPairSync('ed25519').privateKey : this.privateKey;
    return fetch(call.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'telnyx-signature-ed25519': telnyxSignature(key, ts, body),
        'telnyx-timestamp': ts,
      },
      body,
    });
  }

  /** The callee answers an outbound call: `call.answered`, then the media stream opens. */
  async answer(call: TelnyxDoubleCall): Promise<MediaPeer> {
    await this.webhook(call, 'call.answered');
    return this.openStream(call);
  }

  /** Open the media stream the dial or answer asked for. */
  async openStream(call: TelnyxDoubleCall): Promise<MediaPeer> {
    const url = call.request.stream_url;
    if (typeof url !== 'string') throw new Error(`call ${call.callControlId} asked for no media stream`);
    call.media = new MediaPeer({
      dialect: 'telnyx',
      url,
      authToken: String(call.request.stream_auth_token ?? ''),
      carrierCallId: call.callControlId,
      streamId: randomUUID(),
    });
    return call.media.start();
  }

  /** An incoming call: `call.initiated` (direction incoming) to the application's webhook URL. */
  async ring(webhookUrl: string, from: string, to: string, opts: { signWith?: 'account' | 'other' } = {}) {
    const call = this.incoming(webhookUrl, from, to);
    const res = await this.webhook(call, 'call.initiated', {}, opts);
    return { call, res };
  }

  /** An incoming call leg, before any webhook about it is sent. */
  incoming(webhookUrl: string, from: string, to: string): TelnyxDoubleCall {
    return this.newCall('incoming', to, from, {}, webhookUrl);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private newCall(
    direction: TelnyxDoubleCall['direction'],
    to: string,
    from: string,
    request: Record<string, unknown>,
    webhookUrl: string,
  ) {
    const call: TelnyxDoubleCall = {
      callControlId: `v3:${randomUUID().replace(/-/g, '')}`,
      direction,
      to,
      from,
      request,
      clientState: typeof request.client_state === 'string' ? request.client_state : null,
      webhookUrl,
      actions: [],
      media: undefined,
      hungUp: false,
    };
    this.calls.set(call.callControlId, call);
    return call;
  }

  private handle(req: RecordedRequest, res: ServerResponse) {
    if (req.headers.authorization !== `Bearer ${this.apiKey}`)
      return errors(res, 401, '10009', 'Authentication failed', 'The API key is invalid.');
    const body = (jsonBody(req) ?? {}) as Record<string, unknown>;
    if (req.method === 'POST' && req.path === '/v2/calls') return this.dial(body, res);
    const m = /^\/v2\/calls\/([^/]+)\/actions\/([a-z_]+)$/.exec(req.path);
    const call = m ? this.calls.get(decodeURIComponent(m[1]!)) : undefined;
    if (!m || !call || !actionNames.has(m[2]!))
      return errors(res, 404, '10005', 'Resource not found', req.path);
    if (call.hungUp)
      return errors(res, 422, '90018', 'Call has already ended', 'This call is no longer active.');
    const name = m[2]!;
    call.actions.push({ name, body });
    for (const w of this.actionWaiters.splice(0)) w();
    if (name === 'answer') {
      call.request = { ...call.request, ...body };
      if (typeof body.client_state === 'string') call.clientState = body.client_state;
    }
    sendJson(res, 200, { data: { result: 'ok' } });
    if (name === 'hangup' || name === 'reject') {
      call.hungUp = true;
      call.media?.hangUp();
      void this.webhook(call, 'call.hangup', {
        hangup_cause: 'normal_clearing',
        hangup_source: 'caller',
      }).catch(() => undefined);
    }
    if (name === 'streaming_stop') call.media?.hangUp();
  }

  private dial(body: Record<string, unknown>, res: ServerResponse) {
    for (const k of ['connection_id', 'to', 'from'])
      if (typeof body[k] !== 'string')
        return errors(res, 422, '10015', 'Invalid parameter', `${k} is required`);
    const call = this.newCall(
      'outgoing',
      String(body.to),
      String(body.from),
      body,
      String(body.webhook_url ?? ''),
    );
    sendJson(res, 200, {
      data: {
        call_control_id: call.callControlId,
        call_leg_id: randomUUID(),
        call_session_id: randomUUID(),
        is_alive: false,
        record_type: 'call',
      },
    });
    const waiter = this.dialWaiters.shift();
    if (waiter) waiter(call);
    else this.dialled.push(call);
  }
}
