import { errors } from '../errors.ts';

/** Body `provider_config` (reference §2.7): the three SIP fields plus any extra keys. */
export type SipProviderConfigInput = {
  trunk_address?: string | undefined;
  auth_username?: string | undefined;
  auth_password?: string | undefined;
} & Record<string, unknown>;

/** `{PROVIDER}_TRUNK_ADDRESS` / `_SIP_USERNAME` / `_SIP_PASSWORD` from the environment. */
export interface SipTrunkDefaults {
  address?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
}

export interface SipTrunkConfig {
  trunkAddress: string;
  username: string;
  password: string;
  /** What is stored and returned: everything but the password. */
  stored: Record<string, unknown>;
}

/**
 * Fill each SIP field from the body, else the env; 400 SIP_TRUNK_PROVISION_FAILED naming whatever
 * is still missing, including LiveKit (decisions §7).
 */
export function resolveSipTrunkConfig(
  provider: 'twilio' | 'telnyx',
  input: SipProviderConfigInput,
  env: SipTrunkDefaults,
  liveKitConfigured: boolean,
): SipTrunkConfig {
  const prefix = provider.toUpperCase();
  const fields = [
    ['trunk_address', input.trunk_address ?? env.address, `${prefix}_TRUNK_ADDRESS`],
    ['auth_username', input.auth_username ?? env.username, `${prefix}_SIP_USERNAME`],
    ['auth_password', input.auth_password ?? env.password, `${prefix}_SIP_PASSWORD`],
  ] as const;
  const missing = fields
    .filter(([, v]) => !v)
    .map(([k, , envName]) => `provider_config.${k} (or ${envName})`);
  if (!liveKitConfigured) missing.push('LiveKit (set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET)');
  if (missing.length > 0)
    throw errors.badRequest('SIP_TRUNK_PROVISION_FAILED', `SIP trunk mode needs ${missing.join(', ')}.`, {
      missing,
    });
  const { auth_password: _secret, ...rest } = input;
  return {
    trunkAddress: fields[0][1]!,
    username: fields[1][1]!,
    password: fields[2][1]!,
    stored: { ...rest, trunk_address: fields[0][1], auth_username: fields[1][1] },
  };
}
