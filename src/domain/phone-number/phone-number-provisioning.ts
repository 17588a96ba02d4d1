import type { CarrierAccount } from '../../providers/telephony/carrier-account.ts';
import type {
  AvailableNumber,
  CarrierName,
  CarrierNumber,
  NumberProvider,
  NumberWebhooks,
} from '../../providers/telephony/numbers.ts';
import type { SipTrunkIds, SipTrunkProvisioner } from '../../providers/telephony/sip-trunks.ts';
import { errors } from '../errors.ts';
import { newId } from '../ids.ts';
import { assertExists, type ReferenceLookup } from '../references.ts';
import type { CarrierAccounts } from './carrier-accounts.ts';
import { carrierFailure } from './carrier-failures.ts';
import { type InboundRoutingUpdate, mergeInboundRouting, referencedAgents } from './inbound-routing.ts';
import type { NewPhoneNumber, PhoneNumber, PhoneNumberRepo } from './phone-number.ts';
import { toView } from './phone-number.ts';
import type { PhoneNumberService } from './phone-number-service.ts';
import {
  resolveSipTrunkConfig,
  type SipProviderConfigInput,
  type SipTrunkDefaults,
} from './sip-trunk-config.ts';

export interface SearchInput {
  country: string;
  area_code?: string | undefined;
  contains?: string | undefined;
  limit: number;
  provider?: CarrierName | undefined;
  credential_id?: string | null | undefined;
}

interface Common {
  friendly_name?: string | null | undefined;
  inbound_routing?: InboundRoutingUpdate | null | undefined;
  credential_id?: string | null | undefined;
}

export interface PurchaseInput extends Common, Omit<SearchInput, 'limit'> {
  phone_number?: string | undefined;
  agent_id?: string | null | undefined;
}

export interface RegisterInput extends Common {
  phone_number: string;
  provider: CarrierName;
  agent_id: string;
  provider_config?: SipProviderConfigInput | null | undefined;
}

export interface ProvisioningDeps {
  repo: PhoneNumberRepo;
  refs: ReferenceLookup;
  numbers: PhoneNumberService;
  accounts: CarrierAccounts;
  carrierFor: (account: CarrierAccount) => NumberProvider;
  /** Undefined when LiveKit is not configured (SIP trunk mode then fails with a clear 400). */
  sipTrunks: SipTrunkProvisioner | undefined;
  sipDefaults: Record<'twilio' | 'telnyx', SipTrunkDefaults>;
  secrets: { encrypt(plain: string): string };
  publicUrl: string;
}

/** Auto-pick tries this many candidates when a number is sold between search and purchase. */
const autoPickAttempts = 3;

/** Getting numbers onto and off the platform: search, purchase, register (carrier API or SIP trunk), release. */
export class PhoneNumberProvisioning {
  constructor(private readonly d: ProvisioningDeps) {}

  /** Carrier webhook URLs for incoming calls and call status (decisions §7). */
  webhooks(provider: CarrierName): NumberWebhooks {
    const base = `${this.d.publicUrl}/v1/carriers/${provider}`;
    return { voiceUrl: `${base}/voice`, statusCallbackUrl: `${base}/status` };
  }

  async search(orgId: string, q: SearchInput): Promise<{ provider: CarrierName; items: AvailableNumber[] }> {
    const carrier = await this.carrier(orgId, q.provider, q.credential_id);
    try {
      return { provider: carrier.provider, items: await this.available(carrier, q) };
    } catch (e) {
      throw carrierFailure(e, carrier.provider);
    }
  }

  async purchase(orgId: string, input: PurchaseInput): Promise<PhoneNumber> {
    await this.checkReferences(orgId, [input.agent_id], input);
    if (input.phone_number) await this.assertUnregistered(input.phone_number);
    const carrier = await this.carrier(orgId, input.provider, input.credential_id);
    const hooks = this.webhooks(carrier.provider);
    let bought: CarrierNumber | undefined;
    try {
      const candidates = input.phone_number
        ? [input.phone_number]
        : (await this.available(carrier, { ...input, limit: autoPickAttempts })).map((n) => n.phone_number);
      if (candidates.length === 0)
        throw errors.badRequest(
          'PHONE_NUMBER_NOT_AVAILABLE',
          'No available number matches the filters; try another area_code or contains.',
          { country: input.country, area_code: input.area_code ?? null, contains: input.contains ?? null },
        );
      for (const [i, candidate] of candidates.entries()) {
        try {
          bought = await carrier.purchase(candidate, hooks);
          break;
        } catch (e) {
          const sold = (e as { name?: string }).name === 'CarrierNumberError';
          if (!sold || input.phone_number || i === candidates.length - 1) throw e;
        }
      }
    } catch (e) {
      throw carrierFailure(e, carrier.provider);
    }
    const row = await this.d.repo.insert(orgId, {
      ...this.base(input, bought!.phoneNumber, carrier.provider, input.agent_id ?? null),
      purchased: true,
      carrier_number_id: bought!.carrierNumberId,
      carrier_connection_id: bought!.connectionId,
    });
    if (!row) {
      await carrier.release(bought!).catch(() => undefined);
      throw this.duplicate(bought!.phoneNumber);
    }
    return toView(row);
  }

  async register(orgId: string, input: RegisterInput): Promise<PhoneNumber> {
    await this.checkReferences(orgId, [input.agent_id], input);
    await this.assertUnregistered(input.phone_number);
    const base = this.base(input, input.phone_number, input.provider, input.agent_id);
    if (input.provider_config) return this.registerSipTrunk(orgId, input, base, input.provider_config);
    const carrier = await this.carrier(orgId, input.provider, input.credential_id);
    let connected: CarrierNumber;
    try {
      connected = await carrier.connect(input.phone_number, this.webhooks(carrier.provider));
    } catch (e) {
      throw carrierFailure(e, carrier.provider);
    }
    const row = await this.d.repo.insert(orgId, {
      ...base,
      carrier_number_id: connected.carrierNumberId,
      carrier_connection_id: connected.connectionId,
    });
    if (!row) throw this.duplicate(input.phone_number);
    return toView(row);
  }

  /** Delete a number: remove its SIP trunks, release it to the carrier when Parley bought it, then forget it. */
  async remove(orgId: string, id: string): Promise<void> {
    const n = await this.d.numbers.getRecord(orgId, id);
    const trunks = {
      inboundTrunkId: n.inbound_trunk_id,
      outboundTrunkId: n.outbound_trunk_id,
      dispatchRuleId: n.dispatch_rule_id,
    };
    if (this.d.sipTrunks && Object.values(trunks).some(Boolean))
      await this.d.sipTrunks.remove(trunks).catch((e) => {
        throw carrierFailure(e, 'livekit');
      });
    if (n.purchased) {
      const carrier = await this.carrier(orgId, n.provider, n.credential_id);
      await carrier
        .release({
          phoneNumber: n.phone_number,
          carrierNumberId: n.carrier_number_id,
          connectionId: n.carrier_connection_id,
        })
        .catch((e) => {
          throw carrierFailure(e, n.provider);
        });
    }
    await this.d.repo.delete(orgId, id);
  }

  private async registerSipTrunk(
    orgId: string,
    input: RegisterInput,
    base: NewPhoneNumber,
    config: SipProviderConfigInput,
  ): Promise<PhoneNumber> {
    if (input.provider === 'sim')
      throw errors.badRequest(
        'SIP_TRUNK_PROVISION_FAILED',
        'SIP trunk mode needs provider twilio or telnyx.',
      );
    const sip = resolveSipTrunkConfig(
      input.provider,
      config,
      this.d.sipDefaults[input.provider],
      !!this.d.sipTrunks,
    );
    let ids: SipTrunkIds;
    try {
      ids = await this.d.sipTrunks!.provision({
        name: `parley ${input.phone_number}`,
        phoneNumber: input.phone_number,
        trunkAddress: sip.trunkAddress,
        username: sip.username,
        password: sip.password,
        metadata: JSON.stringify({ phone_number_id: base.id, org_id: orgId }),
      });
    } catch (e) {
      throw errors.badRequest(
        'SIP_TRUNK_PROVISION_FAILED',
        `LiveKit SIP provisioning failed: ${(e as Error).message}`,
      );
    }
    const row = await this.d.repo.insert(orgId, {
      ...base,
      inbound_trunk_id: ids.inboundTrunkId,
      outbound_trunk_id: ids.outboundTrunkId,
      dispatch_rule_id: ids.dispatchRuleId,
      provider_config: sip.stored,
      encrypted_sip_password: this.d.secrets.encrypt(sip.password),
    });
    if (!row) {
      await this.d.sipTrunks!.remove(ids).catch(() => undefined);
      throw this.duplicate(input.phone_number);
    }
    return toView(row);
  }

  /** The carrier's available numbers minus any already registered on Parley. */
  private async available(carrier: NumberProvider, q: Omit<SearchInput, 'provider' | 'credential_id'>) {
    const found = await carrier.searchAvailable({
      country: q.country,
      areaCode: q.area_code,
      contains: q.contains,
      limit: q.limit,
    });
    const taken = await this.d.repo.registered(found.map((n) => n.phone_number));
    return found.filter((n) => !taken.has(n.phone_number));
  }

  private base(
    input: Common,
    phoneNumber: string,
    provider: CarrierName,
    agentId: string | null,
  ): NewPhoneNumber {
    return {
      id: newId('phoneNumber'),
      phone_number: phoneNumber,
      friendly_name: input.friendly_name ?? null,
      provider,
      agent_id: agentId,
      status: 'active',
      inbound_trunk_id: null,
      outbound_trunk_id: null,
      dispatch_rule_id: null,
      inbound_routing: mergeInboundRouting(null, input.inbound_routing),
      credential_id: input.credential_id ?? null,
      provider_config: null,
      purchased: false,
      carrier_number_id: null,
      carrier_connection_id: null,
      encrypted_sip_password: null,
    };
  }

  private async checkReferences(orgId: string, agents: (string | null | undefined)[], input: Common) {
    await assertExists(this.d.refs, orgId, 'agent', [...agents, ...referencedAgents(input.inbound_routing)]);
    await assertExists(this.d.refs, orgId, 'integration', [input.credential_id]);
  }

  private async carrier(
    orgId: string,
    provider: CarrierName | undefined,
    credentialId: string | null | undefined,
  ) {
    return this.d.carrierFor(await this.d.accounts.resolve(orgId, { provider, credentialId }));
  }

  private async assertUnregistered(phoneNumber: string) {
    if (await this.d.repo.findByNumber(phoneNumber)) throw this.duplicate(phoneNumber);
  }

  private duplicate(phoneNumber: string) {
    return errors.conflict(`Phone number ${phoneNumber} is already registered.`);
  }
}
