import { type CreateSipOutboundTrunkOptions, SipClient } from 'livekit-server-sdk';
import { ProviderError } from '../../errors.ts';
import type { SipTrunkIds, SipTrunkProvisioner, SipTrunkRequest } from '../sip-trunks.ts';

export interface LiveKitSipConfig {
  url: string;
  apiKey: string;
  apiSecret: string;
}

// SIPTransport.SIP_TRANSPORT_AUTO: let LiveKit pick UDP/TCP/TLS from the trunk address.
const transportAuto = 0 as CreateSipOutboundTrunkOptions['transport'];

/** SIP trunk mode (decisions §7): per number, a LiveKit inbound trunk, outbound trunk and dispatch rule. */
export class LiveKitSipTrunks implements SipTrunkProvisioner {
  private readonly client: SipClient;

  constructor(config: LiveKitSipConfig) {
    // No failover: self-hosted LiveKit has no regions to fail over to, and errors should surface at once.
    this.client = new SipClient(config.url, config.apiKey, config.apiSecret, { failover: false });
  }

  async provision(req: SipTrunkRequest): Promise<SipTrunkIds> {
    const created: { [K in keyof SipTrunkIds]?: string } = {};
    try {
      // The carrier originates calls without digest auth, so the inbound trunk is matched by number only.
      const inbound = await this.client.createSipInboundTrunk(req.name, [req.phoneNumber], {
        metadata: req.metadata,
      });
      created.inboundTrunkId = inbound.sipTrunkId;
      const outbound = await this.client.createSipOutboundTrunk(
        req.name,
        req.trunkAddress,
        [req.phoneNumber],
        {
          metadata: req.metadata,
          transport: transportAuto,
          authUsername: req.username,
          authPassword: req.password,
        },
      );
      created.outboundTrunkId = outbound.sipTrunkId;
      const rule = await this.client.createSipDispatchRule(
        { type: 'individual', roomPrefix: 'call-' },
        { name: req.name, metadata: req.metadata, trunkIds: [inbound.sipTrunkId] },
      );
      created.dispatchRuleId = rule.sipDispatchRuleId;
      return created as SipTrunkIds;
    } catch (e) {
      await this.remove(created).catch(() => undefined);
      throw toProviderError(e);
    }
  }

  async remove(ids: { [K in keyof SipTrunkIds]?: string | null }): Promise<void> {
    const ignoreGone = (e: unknown) => {
      if (statusOf(e) !== 404) throw toProviderError(e);
    };
    if (ids.dispatchRuleId) await this.client.deleteSipDispatchRule(ids.dispatchRuleId).catch(ignoreGone);
    for (const id of [ids.inboundTrunkId, ids.outboundTrunkId])
      if (id) await this.client.deleteSipTrunk(id).catch(ignoreGone);
  }
}

function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

function toProviderError(e: unknown): ProviderError {
  if (e instanceof ProviderError) return e;
  const status = statusOf(e);
  const message = e instanceof Error ? e.message : String(e);
  return new ProviderError('livekit', `LiveKit SIP API${status ? ` ${status}` : ''}: ${message}`, {
    ...(status ? { statusCode: status } : {}),
    cause: e,
  });
}
