import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { TokenVerifier } from 'livekit-server-sdk';
import { HttpDouble, jsonBody, type RecordedRequest, sendJson } from '../../testing/http-double.ts';

type Json = Record<string, unknown>;

/** protojson accepts lowerCamelCase JSON names and proto field names alike; the double reads proto names. */
function protoNames(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(protoNames);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, val]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), protoNames(val)]),
  );
}

const twirpError = (res: ServerResponse, status: number, code: string, msg: string) =>
  sendJson(res, status, { code, msg });

/**
 * LiveKit's SIP service over Twirp on loopback (`POST /twirp/livekit.SIP/<Method>`, JSON): checks the
 * Bearer access token is signed with the API secret and carries the `sip.admin` grant, stores
 * inbound/outbound trunks and dispatch rules, and answers in protojson with proto field names.
 */
export class LiveKitSipDouble {
  readonly trunks = new Map<string, Json>();
  readonly rules = new Map<string, Json>();

  private constructor(
    readonly http: HttpDouble,
    readonly apiKey: string,
    readonly apiSecret: string,
  ) {}

  static async start(): Promise<LiveKitSipDouble> {
    let self: LiveKitSipDouble | undefined;
    const http = await HttpDouble.start((req, res) => self!.handle(req, res));
    self = new LiveKitSipDouble(
      http,
      `API${randomBytes(6).toString('hex')}`,
      randomBytes(24).toString('hex'),
    );
    return self;
  }

  get url(): string {
    return this.http.url;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async handle(req: RecordedRequest, res: ServerResponse) {
    const m = /^\/twirp\/livekit\.SIP\/(\w+)$/.exec(req.path);
    if (req.method !== 'POST' || !m) return twirpError(res, 404, 'bad_route', `no handler for ${req.path}`);
    const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const grants = token
      ? await new TokenVerifier(this.apiKey, this.apiSecret).verify(token).catch(() => undefined)
      : undefined;
    if (!grants) return twirpError(res, 401, 'unauthenticated', 'invalid token');
    if (!grants.sip?.admin) return twirpError(res, 403, 'permission_denied', 'requires SIP admin grant');
    const body = protoNames(jsonBody(req) ?? {}) as Json;
    switch (m[1]) {
      case 'CreateSIPInboundTrunk':
        return this.createTrunk('inbound', body, res);
      case 'CreateSIPOutboundTrunk':
        return this.createTrunk('outbound', body, res);
      case 'CreateSIPDispatchRule':
        return this.createRule(body, res);
      case 'DeleteSIPTrunk':
        return this.remove(this.trunks, String(body.sip_trunk_id ?? ''), 'sip_trunk_id', res);
      case 'DeleteSIPDispatchRule':
        return this.remove(this.rules, String(body.sip_dispatch_rule_id ?? ''), 'sip_dispatch_rule_id', res);
      default:
        return twirpError(res, 404, 'bad_route', `unknown method ${m[1]}`);
    }
  }

  private createTrunk(kind: 'inbound' | 'outbound', body: Json, res: ServerResponse) {
    const trunk = body.trunk as Json | undefined;
    const numbers = trunk?.numbers;
    if (!trunk || !Array.isArray(numbers) || numbers.length === 0)
      return twirpError(res, 400, 'invalid_argument', 'trunk.numbers is required');
    if (kind === 'outbound' && !trunk.address)
      return twirpError(res, 400, 'invalid_argument', 'trunk.address is required');
    const id = `ST_${randomBytes(6).toString('hex')}`;
    const stored: Json = { ...trunk, sip_trunk_id: id, kind };
    this.trunks.set(id, stored);
    const { auth_password: _hidden, kind: _k, ...visible } = stored;
    sendJson(res, 200, visible);
  }

  private createRule(body: Json, res: ServerResponse) {
    const rule = body.rule as Json | undefined;
    const trunkIds = (body.trunk_ids as string[] | undefined) ?? [];
    if (!rule) return twirpError(res, 400, 'invalid_argument', 'rule is required');
    if (trunkIds.some((t) => !this.trunks.has(t)))
      return twirpError(res, 400, 'invalid_argument', 'trunk_ids references an unknown trunk');
    const id = `SDR_${randomBytes(6).toString('hex')}`;
    const stored = { ...body, sip_dispatch_rule_id: id };
    this.rules.set(id, stored);
    sendJson(res, 200, stored);
  }

  private remove(store: Map<string, Json>, id: string, key: string, res: ServerResponse) {
    const found = store.get(id);
    if (!found) return twirpError(res, 404, 'not_found', `${key} ${id} not found`);
    store.delete(id);
    sendJson(res, 200, { [key]: id });
  }
}
