import type { CarrierAccount } from '../../providers/telephony/carrier-account.ts';
import type { CarrierName } from '../../providers/telephony/numbers.ts';
import { errors } from '../errors.ts';
import { isId } from '../ids.ts';

/** A workspace integration's decrypted secret (implemented over `/v1/integrations`). */
export interface CarrierCredentialSource {
  find(
    orgId: string,
    credentialId: string,
  ): Promise<{ provider: string; apiKey: string; metadata: Record<string, unknown> } | undefined>;
}

/** Platform carrier credentials from the environment (decisions §8). */
export interface PlatformCarriers {
  twilio: { accountSid?: string | undefined; authToken?: string | undefined; baseUrl: string };
  telnyx: { apiKey?: string | undefined; baseUrl: string; connectionId?: string | undefined };
}

const envHint: Record<'twilio' | 'telnyx', string> = {
  twilio: 'set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or pass the credential_id of a twilio integration',
  telnyx: 'set TELNYX_API_KEY, or pass the credential_id of a telnyx integration',
};

/** Picks the carrier account for an operation: a workspace integration, else the platform's, else `sim`. */
export class CarrierAccounts {
  constructor(
    private readonly platform: PlatformCarriers,
    private readonly credentials: CarrierCredentialSource,
  ) {}

  /** The carrier used when the caller names none: platform Twilio, then Telnyx, then the simulator. */
  defaultProvider(): CarrierName {
    if (this.platformAccount('twilio')) return 'twilio';
    if (this.platformAccount('telnyx')) return 'telnyx';
    return 'sim';
  }

  async resolve(
    orgId: string,
    opts: { provider?: CarrierName | undefined; credentialId?: string | null | undefined },
  ): Promise<CarrierAccount> {
    if (opts.credentialId) return this.fromIntegration(orgId, opts.credentialId, opts.provider);
    const provider = opts.provider ?? this.defaultProvider();
    if (provider === 'sim') return { provider: 'sim' };
    const account = this.platformAccount(provider);
    if (!account)
      throw errors.badRequest(
        'CARRIER_NOT_CONFIGURED',
        `No ${provider} account is configured: ${envHint[provider]}.`,
      );
    return account;
  }

  private platformAccount(provider: 'twilio' | 'telnyx'): CarrierAccount | undefined {
    if (provider === 'twilio') {
      const { accountSid, authToken, baseUrl } = this.platform.twilio;
      return accountSid && authToken ? { provider, accountSid, authToken, baseUrl } : undefined;
    }
    const { apiKey, baseUrl, connectionId } = this.platform.telnyx;
    return apiKey ? { provider, apiKey, baseUrl, connectionId } : undefined;
  }

  private async fromIntegration(
    orgId: string,
    credentialId: string,
    wanted: CarrierName | undefined,
  ): Promise<CarrierAccount> {
    const found = isId('integration', credentialId)
      ? await this.credentials.find(orgId, credentialId)
      : undefined;
    if (!found) throw errors.notFound('integration', credentialId);
    const provider = found.provider.toLowerCase();
    if (provider !== 'twilio' && provider !== 'telnyx')
      throw errors.badRequest(
        'CREDENTIAL_PROVIDER_MISMATCH',
        `Integration '${credentialId}' is a ${found.provider} integration, not a twilio or telnyx one.`,
      );
    if (wanted && wanted !== provider)
      throw errors.badRequest(
        'CREDENTIAL_PROVIDER_MISMATCH',
        `Integration '${credentialId}' is a ${provider} integration but provider is '${wanted}'.`,
      );
    const meta = found.metadata;
    const text = (k: string) =>
      typeof meta[k] === 'string' && meta[k] !== '' ? (meta[k] as string) : undefined;
    const baseUrl = text('base_url')?.replace(/\/+$/, '') ?? this.platform[provider].baseUrl;
    if (provider === 'telnyx')
      return { provider, apiKey: found.apiKey, baseUrl, connectionId: text('connection_id') };
    const accountSid = text('account_sid');
    if (!accountSid)
      throw errors.badRequest(
        'CARRIER_NOT_CONFIGURED',
        `Twilio integration '${credentialId}' has no metadata.account_sid; add the Account SID to the integration.`,
      );
    return { provider, accountSid, authToken: found.apiKey, baseUrl };
  }
}
