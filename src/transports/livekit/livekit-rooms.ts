import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';

export interface LiveKitServer {
  /** LIVEKIT_URL (`wss://…` for participants; the SDK calls its Twirp API over http(s)). */
  url: string;
  apiKey: string;
  apiSecret: string;
}

/** An agent has this long to be joined by the browser before the room is given up. */
export const roomEmptyTimeoutSeconds = 11 * 60;

/** Rooms of LiveKit web calls: created per call over LiveKit's Twirp RoomService, deleted when the call ends. */
export class LiveKitRooms {
  private readonly client: RoomServiceClient;

  constructor(readonly server: LiveKitServer) {
    this.client = new RoomServiceClient(httpUrl(server.url), server.apiKey, server.apiSecret);
  }

  /** One room per call; only the browser and the agent join it. */
  async create(roomName: string, callId: string): Promise<void> {
    await this.client.createRoom({
      name: roomName,
      emptyTimeout: roomEmptyTimeoutSeconds,
      maxParticipants: 2,
      metadata: JSON.stringify({ call_id: callId }),
    });
  }

  async delete(roomName: string): Promise<void> {
    await this.client.deleteRoom(roomName);
  }

  /** The agent participant's join token (hidden from the room's participant list in LiveKit UIs). */
  async agentToken(roomName: string, callId: string): Promise<string> {
    const at = new AccessToken(this.server.apiKey, this.server.apiSecret, {
      identity: `agent-${callId}`,
      name: 'Parley agent',
      ttl: roomEmptyTimeoutSeconds,
      metadata: JSON.stringify({ call_id: callId, role: 'agent' }),
    });
    at.addGrant({ roomJoin: true, room: roomName, canPublish: true, canSubscribe: true, agent: true });
    return at.toJwt();
  }
}

/** LIVEKIT_URL as the Twirp API's base (`wss://x` → `https://x`). */
export function httpUrl(url: string): string {
  return url.replace(/^ws(s?):\/\//, 'http$1://');
}
