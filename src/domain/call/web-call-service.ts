import type { Clock } from '../../lib/clock.ts';
import { randomToken } from '../../lib/random-token.ts';
import { newId } from '../ids.ts';
import type { CallOverrides } from './call.ts';
import type { CallAdmission } from './call-admission.ts';
import type { CallService } from './call-service.ts';
import type { CallStatus } from './call-status.ts';
import type { ParticipantTokenIssuer } from './participant-token.ts';

export interface CreateWebCallInput {
  agent_id: string;
  variables?: Record<string, unknown> | undefined;
  metadata?: Record<string, unknown> | undefined;
  overrides?: CallOverrides | undefined;
}

/** The web-call session response (reference §3.10). */
export interface WebCall {
  id: string;
  agent_id: string;
  type: 'web';
  status: CallStatus;
  room_name: string;
  server_url: string;
  participant_token: string;
  created_at: string;
}

/** Web calls (secret key or publishable key): a `queued` call plus a one-time participant token. */
export class WebCallService {
  constructor(
    private readonly calls: CallService,
    private readonly admission: CallAdmission,
    private readonly tokens: ParticipantTokenIssuer,
    private readonly clock: Clock,
  ) {}

  async create(orgId: string, input: CreateWebCallInput): Promise<WebCall> {
    const agent = await this.admission.agent(orgId, input.agent_id);
    await this.admission.requireStt(orgId);
    this.tokens.assertConfigured();
    await this.admission.overrides(orgId, input.overrides);
    const now = this.clock.now();
    const stored = await this.calls.insert(orgId, {
      id: newId('call', now),
      agent_id: agent.id,
      type: 'web',
      direction: 'inbound',
      status: 'queued',
      from_number: null,
      to_number: null,
      phone_number_id: null,
      carrier: null,
      room_name: `web-${randomToken(4, 'hex')}`,
      scheduled_at: null,
      variables: input.variables ?? {},
      metadata: input.metadata ?? {},
      overrides: input.overrides ?? {},
      webhook_url: null,
    });
    const session = await this.tokens.issue({ orgId, callId: stored.id, roomName: stored.room_name! });
    const call = await this.calls.launch(stored);
    return {
      id: call.id,
      agent_id: call.agent_id,
      type: 'web',
      status: call.status,
      room_name: call.room_name!,
      server_url: session.server_url,
      participant_token: session.participant_token,
      created_at: call.created_at,
    };
  }
}
