import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { TokenVerifier } from 'livekit-server-sdk';
import { HttpDouble, jsonBody, type RecordedRequest, sendJson } from '../../providers/testing/http-double.ts';

/**
 * LiveKit's RoomService over Twirp on loopback (`POST /twirp/livekit.RoomService/CreateRoom|DeleteRoom`,
 * JSON): checks the Bearer token is signed with the API secret and grants `roomCreate`, keeps rooms
 * by name, answers in protojson.
 */
export class LiveKitRoomDouble {
  readonly rooms = new Map<string, Record<string, unknown>>();
  readonly deleted: string[] = [];

  private constructor(
    readonly http: HttpDouble,
    readonly apiKey: string,
    readonly apiSecret: string,
  ) {}

  static async start(): Promise<LiveKitRoomDouble> {
    let self: LiveKitRoomDouble | undefined;
    const http = await HttpDouble.start((req, res) => self!.handle(req, res));
    self = new LiveKitRoomDouble(
      http,
      `API${randomBytes(6).toString('hex')}`,
      randomBytes(24).toString('hex'),
    );
    return self;
  }

  /** As LIVEKIT_URL (ws://…). */
  get url(): string {
    return this.http.url.replace(/^http/, 'ws');
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async handle(req: RecordedRequest, res: ServerResponse) {
    const m = /^\/twirp\/livekit\.RoomService\/(\w+)$/.exec(req.path);
    if (req.method !== 'POST' || !m) return sendJson(res, 404, { code: 'bad_route', msg: req.path });
    const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const claims = token
      ? await new TokenVerifier(this.apiKey, this.apiSecret).verify(token).catch(() => undefined)
      : undefined;
    if (!claims?.video?.roomCreate)
      return sendJson(res, 401, { code: 'unauthenticated', msg: 'permissions denied' });
    const body = (jsonBody(req) ?? {}) as Record<string, unknown>;
    const name = String(body.name ?? body.room ?? '');
    if (m[1] === 'CreateRoom') {
      const room = { sid: `RM_${randomBytes(6).toString('hex')}`, name, ...body };
      this.rooms.set(name, room);
      return sendJson(res, 200, room);
    }
    if (m[1] === 'DeleteRoom') {
      this.rooms.delete(name);
      this.deleted.push(name);
      return sendJson(res, 200, {});
    }
    return sendJson(res, 404, { code: 'bad_route', msg: `no method ${m[1]}` });
  }
}
