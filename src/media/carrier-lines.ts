import type { KeyObject } from 'node:crypto';
import type { PhoneNumberRecord } from '../domain/phone-number/phone-number.ts';
import type { PhoneCallControl } from '../providers/telephony/call-control.ts';
import type { CarrierAccount } from '../providers/telephony/carrier-account.ts';
import { TelnyxCallControl } from '../providers/telephony/telnyx/telnyx-call-control.ts';
import { telnyxPublicKey } from '../providers/telephony/telnyx/telnyx-signature.ts';
import { TwilioCallControl } from '../providers/telephony/twilio/twilio-call-control.ts';

/** Where a phone line's credentials come from: the number's integration, else the platform (decisions §8). */
export interface LineAccounts {
  resolve(
    orgId: string,
    opts: { provider: 'twilio' | 'telnyx'; credentialId?: string | null | undefined },
  ): Promise<CarrierAccount>;
}

/** A workspace integration's metadata (Telnyx webhook public key lives in `metadata.public_key`). */
export interface IntegrationMetadata {
  metadata(orgId: string, credentialId: string): Promise<Record<string, unknown> | undefined>;
}

/** One carrier line of a workspace: its REST control and what its callbacks are verified with. */
export interface CarrierLine {
  carrier: 'twilio' | 'telnyx';
  control: PhoneCallControl;
  /** Twilio: the Auth Token callbacks are signed with. */
  authToken?: string;
  /** Telnyx: the account's webhook public key, when one is configured. */
  publicKey?: KeyObject;
}

/** The number's carrier, credentials and connection, as stored. */
export type LineNumber = Pick<PhoneNumberRecord, 'provider' | 'credential_id' | 'carrier_connection_id'>;

/** Builds the carrier line (control + verification secret) for a number of a workspace. */
export class CarrierLines {
  private readonly platformTelnyxKey: KeyObject | undefined;

  constructor(
    private readonly accounts: LineAccounts,
    private readonly integrations: IntegrationMetadata,
    platformTelnyxPublicKey: string | undefined,
  ) {
    this.platformTelnyxKey = platformTelnyxPublicKey ? telnyxPublicKey(platformTelnyxPublicKey) : undefined;
  }

  /** The platform's Telnyx key (webhooks for numbers no workspace has). */
  get platformTelnyx(): KeyObject | undefined {
    return this.platformTelnyxKey;
  }

  /** Throws the resolver's error (e.g. CARRIER_NOT_CONFIGURED) when the number's carrier has no account. */
  async forNumber(orgId: string, n: LineNumber): Promise<CarrierLine> {
    if (n.provider !== 'twilio' && n.provider !== 'telnyx')
      throw new Error(`${n.provider} is not a phone carrier`);
    const account = await this.accounts.resolve(orgId, {
      provider: n.provider,
      credentialId: n.credential_id,
    });
    if (account.provider === 'twilio')
      return { carrier: 'twilio', control: new TwilioCallControl(account), authToken: account.authToken };
    if (account.provider !== 'telnyx') throw new Error(`${account.provider} is not a phone carrier`);
    const control = new TelnyxCallControl(account, n.carrier_connection_id ?? account.connectionId);
    const key = await this.telnyxKey(orgId, n.credential_id);
    return key ? { carrier: 'telnyx', control, publicKey: key } : { carrier: 'telnyx', control };
  }

  private async telnyxKey(orgId: string, credentialId: string | null): Promise<KeyObject | undefined> {
    if (!credentialId) return this.platformTelnyxKey;
    const meta = await this.integrations.metadata(orgId, credentialId);
    const own = meta?.public_key;
    return typeof own === 'string' && own ? telnyxPublicKey(own) : this.platformTelnyxKey;
  }
}
