import type { CallRepo } from '../domain/call/call.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { CarrierMediaTransport } from '../providers/telephony/carrier-media-transport.ts';
import { carrierAudio, type StreamEvent, type StreamProtocol } from '../providers/telephony/media-stream.ts';
import type { MediaEndpoint } from './media-server.ts';
import type { MediaTokens } from './media-token.ts';
import type { PhoneLegs } from './phone-legs.ts';

export interface CarrierMediaDeps {
  legs: PhoneLegs;
  calls: Pick<CallRepo, 'get'>;
  tokens: MediaTokens;
  logger: Logger;
  clock: Pick<Clock, 'monotonic'>;
}

/** Messages kept while the call behind a `start` is looked up (a few seconds of audio at most). */
const maxEarly = 250;

/**
 * A carrier's media WebSocket (`/v1/carriers/<carrier>/media`): waits for `start`, checks that the
 * stream carries the call's media token (so nobody else can attach to a call's audio), builds the
 * call's CarrierMediaTransport and binds it to the call's leg. Refused streams are closed with 1008.
 */
export function carrierMediaEndpoint(protocol: StreamProtocol, d: CarrierMediaDeps): MediaEndpoint {
  return (ws, req, url) => {
    const log = d.logger.child({ carrier: protocol.carrier });
    const headerToken = req.headers['x-telnyx-streaming-auth-token'];
    let connectedToken: string | undefined;
    let transport: CarrierMediaTransport | undefined;
    let opening = false;
    let closed = false;
    let malformed = 0;
    const early: StreamEvent[] = [];
    const earlyAt: number[] = [];

    const open = async (start: Extract<StreamEvent, { kind: 'start' }>) => {
      const callId = start.params.call_id ?? url.searchParams.get('call_id') ?? '';
      const token = start.params.token ?? (typeof headerToken === 'string' ? headerToken : connectedToken);
      if (!callId || !d.tokens.valid(callId, token)) return refuse('unknown call or bad media token');
      if (start.encoding !== carrierAudio.encoding || start.sampleRate !== carrierAudio.sampleRate)
        return refuse(`unsupported media format ${start.encoding}/${start.sampleRate}`);
      // The leg is in memory: it names the workspace and (once answered or dialled) the carrier line.
      const leg = d.legs.find(callId);
      if (!leg) return refuse('the call is not connecting on this node');
      const call = await d.calls.get(leg.call.org_id, callId);
      if (call?.status !== 'initiated') return refuse('the call is not waiting for media');
      if (call.twilio_call_sid && call.twilio_call_sid !== start.carrierCallId)
        return refuse('the stream belongs to another carrier call');
      const line = leg.knownLine ?? (await d.legs.lineFor(call));
      const callerId = call.direction === 'outbound' ? call.from_number! : call.to_number!;
      const control = line.control.live(start.carrierCallId, callerId);
      const t = new CarrierMediaTransport(ws, protocol, start.streamId, control, d.clock);
      t.onControlError = (err, action) => log.warn({ err, callId, action }, 'carrier call control failed');
      t.onClosed = () => leg.mediaClosed();
      transport = t;
      const at = earlyAt.splice(0);
      for (const [i, e] of early.splice(0).entries()) t.receive(e, at[i]);
      leg.bindMedia(t);
      if (closed) t.socketClosed();
    };

    const refuse = (why: string) => {
      log.warn({ why }, 'media stream refused');
      ws.close(1008, why.slice(0, 100));
    };

    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const e = protocol.parse(String(data));
      if (!e) {
        if (++malformed <= 3) log.warn('malformed media stream message');
        return;
      }
      if (transport) return transport.receive(e);
      if (e.kind === 'connected') connectedToken = e.token;
      else if (e.kind === 'start' && !opening) {
        opening = true;
        open(e).catch((err) => {
          log.error({ err }, 'media stream start failed');
          ws.close(1011, 'internal error');
        });
      } else if (opening && early.length < maxEarly) {
        early.push(e);
        earlyAt.push(d.clock.monotonic());
      }
    });
    ws.on('close', () => {
      closed = true;
      transport?.socketClosed();
    });
    ws.on('error', (err: Error) => log.warn({ err }, 'media socket error'));
  };
}
