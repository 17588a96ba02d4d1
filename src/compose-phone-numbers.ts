import type { Config } from './config/config.ts';
import type { IntegrationService } from './domain/integration/integration-service.ts';
import { CarrierAccounts } from './domain/phone-number/carrier-accounts.ts';
import { PhoneNumberProvisioning } from './domain/phone-number/phone-number-provisioning.ts';
import { PhoneNumberService } from './domain/phone-number/phone-number-service.ts';
import type { ReferenceLookup } from './domain/references.ts';
import type { SecretBox } from './lib/secret-box.ts';
import { LiveKitSipTrunks } from './providers/telephony/livekit/livekit-sip-trunks.ts';
import { numberProviderFor } from './providers/telephony/number-providers.ts';
import type { Db } from './store/db.ts';
import { PgPhoneNumberRepo } from './store/phone-numbers-repo.ts';
import { PgSimNumberStore } from './store/sim-numbers-repo.ts';

export interface PhoneNumbersInput {
  config: Config;
  db: Db;
  refs: ReferenceLookup;
  integrations: Pick<IntegrationService, 'resolve'>;
  secrets: SecretBox;
}

/** Wire phone numbers: repo, carrier accounts (platform env or integrations), carriers and LiveKit SIP trunks. */
export function composePhoneNumbers(input: PhoneNumbersInput) {
  const { config, db, refs } = input;
  const phoneNumberRepo = new PgPhoneNumberRepo(db);
  const phoneNumbers = new PhoneNumberService(phoneNumberRepo, refs);
  const carrierAccounts = new CarrierAccounts(config.telephony, {
    find: (orgId, id) => input.integrations.resolve(orgId, id),
  });
  const simNumbers = new PgSimNumberStore(db);
  const lk = config.livekit;
  const phoneNumberProvisioning = new PhoneNumberProvisioning({
    repo: phoneNumberRepo,
    refs,
    numbers: phoneNumbers,
    accounts: carrierAccounts,
    carrierFor: (account) => numberProviderFor(account, simNumbers),
    sipTrunks:
      lk?.apiKey && lk.apiSecret
        ? new LiveKitSipTrunks({ url: lk.url, apiKey: lk.apiKey, apiSecret: lk.apiSecret })
        : undefined,
    sipDefaults: { twilio: config.telephony.twilio.trunk, telnyx: config.telephony.telnyx.trunk },
    secrets: input.secrets,
    publicUrl: config.http.publicUrl,
  });
  return { phoneNumberRepo, phoneNumbers, carrierAccounts, simNumbers, phoneNumberProvisioning };
}
