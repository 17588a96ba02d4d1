import type { InboundRouting, PhoneNumber } from './phone-number.ts';

/** A routing update: omitted fields keep their value, explicit null clears (reference §2.7 merge semantics). */
export interface InboundRoutingUpdate {
  agent_id?: string | null | undefined;
  fallback?: { agent_id: string } | null | undefined;
  voicemail_message?: string | null | undefined;
}

/** Apply `update` over `current`; `null` clears the whole routing, `undefined` keeps it. */
export function mergeInboundRouting(
  current: InboundRouting | null,
  update: InboundRoutingUpdate | null | undefined,
): InboundRouting | null {
  if (update === undefined) return current;
  if (update === null) return null;
  const pick = <K extends keyof InboundRouting>(k: K): InboundRouting[K] =>
    update[k] === undefined ? (current?.[k] ?? null) : (update[k] as InboundRouting[K]);
  const merged: InboundRouting = {
    agent_id: pick('agent_id'),
    fallback: pick('fallback'),
    voicemail_message: pick('voicemail_message'),
  };
  const empty = merged.agent_id === null && merged.fallback === null && merged.voicemail_message === null;
  return empty ? null : merged;
}

/** Agent ids an update would reference (each must exist in the workspace). */
export function referencedAgents(
  update: InboundRoutingUpdate | null | undefined,
): (string | null | undefined)[] {
  return update ? [update.agent_id, update.fallback?.agent_id] : [];
}

/** Who takes an inbound call (reference §4.14): routing agent, else the number's agent; then fallback; then voicemail. */
export interface InboundTargets {
  agentId: string | null;
  fallbackAgentId: string | null;
  voicemailMessage: string | null;
}

export function inboundTargets(n: Pick<PhoneNumber, 'agent_id' | 'inbound_routing'>): InboundTargets {
  return {
    agentId: n.inbound_routing?.agent_id ?? n.agent_id,
    fallbackAgentId: n.inbound_routing?.fallback?.agent_id ?? null,
    voicemailMessage: n.inbound_routing?.voicemail_message ?? null,
  };
}
