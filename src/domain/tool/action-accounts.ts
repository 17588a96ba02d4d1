import type { CarrierAccount } from '../../providers/telephony/carrier-account.ts';
import type { CarrierName } from '../../providers/telephony/numbers.ts';
import { errors } from '../errors.ts';
import type { IntegrationProvider, ResolvedCredential } from '../integration/integration.ts';

/** A Resend or SendGrid account with its verified sender. */
export interface EmailAccount {
  provider: 'resend' | 'sendgrid';
  apiKey: string;
  baseUrl: string;
  from: string;
}

export interface CalendarAccount {
  provider: 'calcom';
  apiKey: string;
  baseUrl: string;
}

export interface ActionAccountsDeps {
  /** Decrypted integrations of a workspace (404 for another workspace's id). */
  credentials: { resolve(orgId: string, id: string): Promise<ResolvedCredential> };
  /** The number's carrier account: platform env or its `credential_id` integration. */
  carriers: {
    resolve(
      orgId: string,
      opts: { provider?: CarrierName | undefined; credentialId?: string | null | undefined },
    ): Promise<CarrierAccount>;
  };
  numbers: {
    get(
      orgId: string,
      id: string,
    ): Promise<{ phone_number: string; provider: CarrierName; credential_id: string | null } | undefined>;
  };
  /** Vendor base URLs from the environment (decisions §8); an integration's `metadata.base_url` wins. */
  baseUrls: { resend: string; sendgrid: string; calcom: string };
}

const notConfigured = (message: string) => errors.badRequest('ACTION_NOT_CONFIGURED', message);

/** Resolves the accounts action tools send through, always inside the call's own workspace. */
export class ActionAccounts {
  constructor(private readonly d: ActionAccountsDeps) {}

  /** The carrier account of the number a call runs on. */
  async sms(orgId: string, line: { phoneNumber: string; phoneNumberId: string | null; carrier: string }) {
    if (line.carrier === 'sim') return { provider: 'sim' } as const satisfies CarrierAccount;
    const number = line.phoneNumberId ? await this.d.numbers.get(orgId, line.phoneNumberId) : undefined;
    if (!number || number.phone_number !== line.phoneNumber)
      throw notConfigured(
        `${line.phoneNumber} is not a phone number of this workspace, so texts cannot be sent from it`,
      );
    return this.d.carriers.resolve(orgId, { provider: number.provider, credentialId: number.credential_id });
  }

  async email(orgId: string, credentialId: string): Promise<EmailAccount> {
    const c = await this.credential(orgId, credentialId, ['resend', 'sendgrid']);
    const from = c.metadata.from;
    if (typeof from !== 'string' || !from)
      throw notConfigured(`Integration '${credentialId}' has no metadata.from (the verified sender address)`);
    return {
      provider: c.provider as EmailAccount['provider'],
      apiKey: c.apiKey,
      baseUrl: this.base(c),
      from,
    };
  }

  async calendar(orgId: string, credentialId: string): Promise<CalendarAccount> {
    const c = await this.credential(orgId, credentialId, ['calcom']);
    return { provider: 'calcom', apiKey: c.apiKey, baseUrl: this.base(c) };
  }

  private async credential(orgId: string, id: string, providers: readonly IntegrationProvider[]) {
    const c = await this.d.credentials.resolve(orgId, id);
    if (!providers.includes(c.provider))
      throw notConfigured(
        `Integration '${id}' is for ${c.provider}; this tool needs ${providers.join(' or ')}`,
      );
    return c;
  }

  private base(c: ResolvedCredential): string {
    const own = c.metadata.base_url;
    if (typeof own === 'string' && own) return own;
    return this.d.baseUrls[c.provider as keyof ActionAccountsDeps['baseUrls']];
  }
}
