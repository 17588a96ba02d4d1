import {
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  type RemoteTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
} from '@livekit/rtc-node';
import type { CallRecord } from '../../domain/call/call.ts';
import type { Clock, Timer } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import { DeferredTransport } from '../../media/deferred-transport.ts';
import type { EndReason } from '../../pipeline/frames.ts';
import type { CallLeg, CallLegOptions, DialOutcome } from '../../providers/telephony/call-leg.ts';
import { joinWaitMs } from '../web-leg.ts';
import type { LiveKitRooms } from './livekit-rooms.ts';
import { LiveKitTransport, livekitSampleRate } from './livekit-transport.ts';

/**
 * A LiveKit web call (LIVEKIT_URL set): `connect` creates the call's room, joins it as the agent
 * (publishing an AudioSource track, subscribing to the browser's microphone) and resolves when the
 * browser's audio arrives, or `no_answer` when nobody joins in time. Hang-up leaves and deletes the room.
 */
export class LiveKitLeg implements CallLeg {
  readonly transport: DeferredTransport<LiveKitTransport>;
  private room: Room | undefined;
  private source: AudioSource | undefined;
  private timer: Timer | undefined;
  private left = false;

  constructor(
    private readonly call: CallRecord,
    private readonly d: { rooms: LiveKitRooms; clock: Clock; logger: Logger },
  ) {
    this.transport = new DeferredTransport(livekitSampleRate, livekitSampleRate, false, (r) =>
      this.cancel(r),
    );
  }

  async connect(): Promise<DialOutcome> {
    const roomName = this.call.room_name;
    if (!roomName) throw new Error(`web call ${this.call.id} has no room name`);
    const { rooms } = this.d;
    await rooms.create(roomName, this.call.id);
    const room = new Room();
    this.room = room;
    const joined = new Promise<DialOutcome>((resolve) => {
      this.timer = this.d.clock.setTimeout(() => resolve({ kind: 'no_answer' }), joinWaitMs);
      room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack) => {
        if (track.kind !== TrackKind.KIND_AUDIO || this.transport.bound) return;
        const t = new LiveKitTransport(this.source!, () => this.leave());
        this.transport.bind(t);
        void t.pump(new AudioStream(track, livekitSampleRate, 1));
        resolve({ kind: 'answered', by: 'human' });
      });
      room.on(RoomEvent.ParticipantDisconnected, () => this.transport.bound?.farEndGone());
      room.on(RoomEvent.Disconnected, () => this.transport.bound?.farEndGone());
    });
    await room.connect(rooms.server.url, await rooms.agentToken(roomName, this.call.id), {
      autoSubscribe: true,
      dynacast: false,
    });
    this.source = new AudioSource(livekitSampleRate, 1, 1000);
    const track = LocalAudioTrack.createAudioTrack('agent', this.source);
    await room.localParticipant!.publishTrack(
      track,
      new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }),
    );
    const outcome = await joined;
    if (this.timer !== undefined) this.d.clock.clearTimeout(this.timer);
    if (outcome.kind !== 'answered') await this.leave();
    return outcome;
  }

  async cancel(_reason: EndReason): Promise<void> {
    await this.leave();
  }

  private async leave(): Promise<void> {
    if (this.left) return;
    this.left = true;
    if (this.timer !== undefined) this.d.clock.clearTimeout(this.timer);
    await this.room?.disconnect().catch(() => undefined);
    await this.source?.close().catch(() => undefined);
    await this.d.rooms
      .delete(this.call.room_name!)
      .catch((err: unknown) =>
        this.d.logger.warn({ err, callId: this.call.id }, 'LiveKit room delete failed'),
      );
  }
}

/** The runner's CallLeg factory for web calls when LiveKit is configured. */
export function liveKitLegs(d: { rooms: LiveKitRooms; clock: Clock; logger: Logger }) {
  return (call: CallRecord, _opts: CallLegOptions): CallLeg => new LiveKitLeg(call, d);
}
