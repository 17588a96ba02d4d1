import { errors } from '../errors.ts';
import { isId } from '../ids.ts';
import { assertExists, type ReferenceLookup } from '../references.ts';
import {
  type InboundRoutingUpdate,
  type InboundTargets,
  inboundTargets,
  mergeInboundRouting,
  referencedAgents,
} from './inbound-routing.ts';
import {
  type InboundRouting,
  type PhoneNumber,
  type PhoneNumberPatch,
  type PhoneNumberRecord,
  type PhoneNumberRepo,
  type PhoneNumberStatus,
  toView,
} from './phone-number.ts';

export interface UpdatePhoneNumberInput {
  friendly_name?: string | null | undefined;
  agent_id?: string | null | undefined;
  status?: PhoneNumberStatus | undefined;
  inbound_routing?: InboundRoutingUpdate | null | undefined;
}

/** The older `/inbound-routing` sub-resource body: replaces the routing and enables the number. */
export interface SetInboundRoutingInput {
  agent_id: string;
  fallback?: { agent_id: string } | null | undefined;
  voicemail_message?: string | null | undefined;
}

/** Where an inbound call to a registered number goes; for the carriers' incoming-call webhooks. */
export interface InboundRoute extends InboundTargets {
  orgId: string;
  number: PhoneNumber;
}

/** Phone numbers once registered: read, update (merge semantics), routing and lookups for calls. */
export class PhoneNumberService {
  constructor(
    private readonly repo: PhoneNumberRepo,
    private readonly refs: ReferenceLookup,
  ) {}

  /** The stored number with carrier ids (for other services); 404 PHONE_NUMBER_NOT_FOUND. */
  async getRecord(orgId: string, id: string): Promise<PhoneNumberRecord> {
    const n = isId('phoneNumber', id) ? await this.repo.get(orgId, id) : undefined;
    if (!n) throw errors.notFound('phoneNumber', id);
    return n;
  }

  async get(orgId: string, id: string): Promise<PhoneNumber> {
    return toView(await this.getRecord(orgId, id));
  }

  async list(orgId: string, page: { limit: number; offset: number }) {
    const { items, total } = await this.repo.list(orgId, page);
    return { items: items.map(toView), total };
  }

  async update(orgId: string, id: string, input: UpdatePhoneNumberInput): Promise<PhoneNumber> {
    const current = await this.getRecord(orgId, id);
    await assertExists(this.refs, orgId, 'agent', [
      input.agent_id,
      ...referencedAgents(input.inbound_routing),
    ]);
    const patch: PhoneNumberPatch = {};
    if (input.friendly_name !== undefined) patch.friendly_name = input.friendly_name;
    if (input.agent_id !== undefined) patch.agent_id = input.agent_id;
    if (input.status !== undefined) patch.status = input.status;
    if (input.inbound_routing !== undefined)
      patch.inbound_routing = mergeInboundRouting(current.inbound_routing, input.inbound_routing);
    return this.save(orgId, id, patch);
  }

  /** Legacy GET: the effective routing (routing agent, else the number's agent). */
  async getInboundRouting(orgId: string, id: string): Promise<InboundRouting> {
    const n = await this.getRecord(orgId, id);
    const t = inboundTargets(n);
    return {
      agent_id: t.agentId,
      fallback: t.fallbackAgentId ? { agent_id: t.fallbackAgentId } : null,
      voicemail_message: t.voicemailMessage,
    };
  }

  /** Legacy POST: replace the routing and mark the number active. */
  async setInboundRouting(orgId: string, id: string, input: SetInboundRoutingInput): Promise<PhoneNumber> {
    await this.getRecord(orgId, id);
    await assertExists(this.refs, orgId, 'agent', referencedAgents(input));
    return this.save(orgId, id, {
      status: 'active',
      inbound_routing: mergeInboundRouting(null, {
        agent_id: input.agent_id,
        fallback: input.fallback ?? null,
        voicemail_message: input.voicemail_message ?? null,
      }),
    });
  }

  /** A workspace's number by E.164 value (e.g. a call's `from_number`); undefined when not registered there. */
  async findByNumber(orgId: string, phoneNumber: string): Promise<PhoneNumber | undefined> {
    const n = await this.repo.findByNumber(phoneNumber);
    return n && n.org_id === orgId ? toView(n) : undefined;
  }

  /** The workspace and agents an inbound call to `phoneNumber` goes to; undefined when no workspace has it. */
  async resolveInbound(phoneNumber: string): Promise<InboundRoute | undefined> {
    const n = await this.repo.findByNumber(phoneNumber);
    return n && { orgId: n.org_id, number: toView(n), ...inboundTargets(n) };
  }

  private async save(orgId: string, id: string, patch: PhoneNumberPatch): Promise<PhoneNumber> {
    const updated = await this.repo.update(orgId, id, patch);
    if (!updated) throw errors.notFound('phoneNumber', id);
    return toView(updated);
  }
}
