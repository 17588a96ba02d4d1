import type { RawData, WebSocket } from 'ws';
import type { CallRecord, CallRepo } from '../domain/call/call.ts';
import { AppError, errors } from '../domain/errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { MediaEndpoint } from '../media/media-server.ts';
import type { CallLeg, CallLegOptions } from '../providers/telephony/call-leg.ts';
import { webClientMessage } from './web-call-protocol.ts';
import type { WebParticipant } from './web-call-token.ts';
import { WebLeg } from './web-leg.ts';
import { WebSocketTransport } from './web-socket-transport.ts';

export interface WebCallsDeps {
  calls: Pick<CallRepo, 'get'>;
  tokens: { verifyParticipantToken(token: string): Promise<WebParticipant> };
  clock: Clock;
  logger: Logger;
}

/** Time to send the `start` message after connecting. */
const startWaitMs = 10_000;

/**
 * Built-in web calls (no LiveKit): the engine's leg for a web call waits for its browser, which
 * connects to `/v1/web-calls/stream` and presents the call's single-use participant token; the
 * agent then talks over a WebSocketTransport. Legs live in the process that launched the call.
 */
export class WebCalls {
  private readonly legs = new Map<string, WebLeg>();

  constructor(private readonly d: WebCallsDeps) {}

  /** The runner's CallLeg factory for web calls. */
  readonly leg = (call: CallRecord, _opts: CallLegOptions): CallLeg => {
    const leg = new WebLeg(call, this.d.clock, () => {
      if (this.legs.get(call.id) === leg) this.legs.delete(call.id);
    });
    this.legs.set(call.id, leg);
    return leg;
  };

  find(callId: string): WebLeg | undefined {
    return this.legs.get(callId);
  }

  /** The WebSocket endpoint browsers join on. */
  endpoint(): MediaEndpoint {
    return (ws, _req, url) => {
      const log = this.d.logger.child({ transport: 'web' });
      let transport: WebSocketTransport | undefined;
      let leg: WebLeg | undefined;
      let starting = false;
      const timer = this.d.clock.setTimeout(() => ws.close(1008, 'no start message'), startWaitMs);
      const begin = (token: string) => {
        starting = true;
        this.d.clock.clearTimeout(timer);
        this.join(ws, token).then(
          (joined) => {
            ({ transport, leg } = joined);
            if (ws.readyState !== ws.OPEN) transport.socketClosed();
          },
          (err: unknown) => {
            const known = err instanceof AppError;
            if (!known) log.error({ err }, 'web call join failed');
            const message = known ? err.publicMessage : 'The call could not start.';
            ws.send(JSON.stringify({ type: 'error', code: known ? err.code : 'INTERNAL', message }));
            ws.close(known ? 1008 : 1011, message.slice(0, 100));
          },
        );
      };
      const queryToken = url.searchParams.get('token');
      if (queryToken) begin(queryToken);
      ws.on('message', (data: RawData, isBinary: boolean) => {
        if (isBinary) return transport?.audio(toBytes(data));
        const parsed = webClientMessage.safeParse(safeJson(String(data)));
        if (!parsed.success) return;
        const m = parsed.data;
        if (m.type === 'start') {
          if (!starting) begin(m.token);
        } else transport?.control(m);
      });
      ws.on('close', () => {
        this.d.clock.clearTimeout(timer);
        transport?.socketClosed();
        leg?.closed();
      });
      ws.on('error', (err: Error) => log.warn({ err }, 'web call socket error'));
    };
  }

  private async join(ws: WebSocket, token: string): Promise<{ transport: WebSocketTransport; leg: WebLeg }> {
    const who = await this.d.tokens.verifyParticipantToken(token);
    const call = await this.d.calls.get(who.orgId, who.callId);
    const leg = this.legs.get(who.callId);
    if (call?.status !== 'initiated' || !leg)
      throw errors.unauthorized(
        'This web call is not waiting for a participant (it ended, or runs on another server).',
      );
    const transport = new WebSocketTransport(ws, call.id);
    ws.send(
      JSON.stringify({
        type: 'ready',
        call_id: call.id,
        input_sample_rate: transport.inputSampleRate,
        output_sample_rate: transport.outputSampleRate,
      }),
    );
    leg.bind(transport);
    return { transport, leg };
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
