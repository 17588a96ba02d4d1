import { describe, expect, it } from 'vitest';
import type { AppError } from '../errors.ts';
import { CarrierAccounts, type CarrierCredentialSource } from './carrier-accounts.ts';

const credId = 'crd_01jd8x2k3m4n5p6q7r8s9t0v1w';
const platform = (twilio: boolean, telnyx: boolean) => ({
  twilio: {
    accountSid: twilio ? 'ACplatform' : undefined,
    authToken: twilio ? 'tok' : undefined,
    baseUrl: 'https://api.twilio.com',
  },
  telnyx: {
    apiKey: telnyx ? 'KEYplatform' : undefined,
    baseUrl: 'https://api.telnyx.com',
    connectionId: 'conn-env',
  },
});
const integrations = (
  found?: Awaited<ReturnType<CarrierCredentialSource['find']>>,
): CarrierCredentialSource => ({
  find: async () => found,
});
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: AppError) => e.code,
  );

describe('CarrierAccounts', () => {
  it('defaults to platform Twilio, then Telnyx, then sim', () => {
    expect(new CarrierAccounts(platform(true, true), integrations()).defaultProvider()).toBe('twilio');
    expect(new CarrierAccounts(platform(false, true), integrations()).defaultProvider()).toBe('telnyx');
    expect(new CarrierAccounts(platform(false, false), integrations()).defaultProvider()).toBe('sim');
  });

  it('resolves platform accounts, and CARRIER_NOT_CONFIGURED for one that is missing', async () => {
    const accounts = new CarrierAccounts(platform(false, true), integrations());
    expect(await accounts.resolve('org', { provider: 'telnyx' })).toEqual({
      provider: 'telnyx',
      apiKey: 'KEYplatform',
      baseUrl: 'https://api.telnyx.com',
      connectionId: 'conn-env',
    });
    expect(await accounts.resolve('org', { provider: 'sim' })).toEqual({ provider: 'sim' });
    expect(await code(accounts.resolve('org', { provider: 'twilio' }))).toBe('CARRIER_NOT_CONFIGURED');
  });

  it('a twilio integration: api_key is the auth token, metadata.account_sid and metadata.base_url', async () => {
    const accounts = new CarrierAccounts(
      platform(false, false),
      integrations({
        provider: 'twilio',
        apiKey: 'tok2',
        metadata: { account_sid: 'ACws', base_url: 'http://127.0.0.1:9/' },
      }),
    );
    expect(await accounts.resolve('org', { credentialId: credId })).toEqual({
      provider: 'twilio',
      accountSid: 'ACws',
      authToken: 'tok2',
      baseUrl: 'http://127.0.0.1:9',
    });
  });

  it('a telnyx integration uses its own connection_id, never the platform one', async () => {
    const accounts = new CarrierAccounts(
      platform(false, true),
      integrations({ provider: 'telnyx', apiKey: 'K', metadata: {} }),
    );
    expect(await accounts.resolve('org', { credentialId: credId, provider: 'telnyx' })).toEqual({
      provider: 'telnyx',
      apiKey: 'K',
      baseUrl: 'https://api.telnyx.com',
      connectionId: undefined,
    });
  });

  it('rejects unknown, non-carrier and mismatched integrations', async () => {
    expect(
      await code(
        new CarrierAccounts(platform(true, true), integrations()).resolve('org', { credentialId: credId }),
      ),
    ).toBe('INTEGRATION_NOT_FOUND');
    expect(
      await code(
        new CarrierAccounts(platform(true, true), integrations()).resolve('org', { credentialId: 'bad' }),
      ),
    ).toBe('INTEGRATION_NOT_FOUND');
    const openai = new CarrierAccounts(
      platform(true, true),
      integrations({ provider: 'openai', apiKey: 'k', metadata: {} }),
    );
    expect(await code(openai.resolve('org', { credentialId: credId }))).toBe('CREDENTIAL_PROVIDER_MISMATCH');
    const telnyx = new CarrierAccounts(
      platform(true, true),
      integrations({ provider: 'telnyx', apiKey: 'k', metadata: {} }),
    );
    expect(await code(telnyx.resolve('org', { credentialId: credId, provider: 'twilio' }))).toBe(
      'CREDENTIAL_PROVIDER_MISMATCH',
    );
    const noSid = new CarrierAccounts(
      platform(true, true),
      integrations({ provider: 'twilio', apiKey: 'k', metadata: {} }),
    );
    expect(await code(noSid.resolve('org', { credentialId: credId }))).toBe('CARRIER_NOT_CONFIGURED');
  });
});
