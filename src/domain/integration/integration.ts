/** Providers an integration (BYOK credential) may hold a key for; `calcom` is also accepted as `cal.com`. */
export const integrationProviders = [
  'openai',
  'anthropic',
  'groq',
  'gemini',
  'deepgram',
  'elevenlabs',
  'cartesia',
  'twilio',
  'telnyx',
  'resend',
  'sendgrid',
  'calcom',
  'whisper',
  'assembly_ai',
  'azure',
  'shisa',
  'minimax',
] as const;
export type IntegrationProvider = (typeof integrationProviders)[number];

/** A workspace's provider credential as the API shows it: the key only ever masked. */
export interface Integration {
  id: string;
  name: string;
  provider: IntegrationProvider;
  masked_key: string;
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

/** What the store holds: the view plus the sealed key. */
export interface StoredIntegration extends Integration {
  encrypted_key: string;
}

/** A decrypted credential for the services that call the provider; never logged or returned over HTTP. */
export interface ResolvedCredential {
  id: string;
  provider: IntegrationProvider;
  apiKey: string;
  metadata: Record<string, unknown>;
}

/** Ids of resources that still point at an integration (keys appear only when non-empty). */
export interface IntegrationUsage {
  tool_ids: string[];
  model_ids: string[];
  voice_ids: string[];
  agent_ids: string[];
  phone_number_ids: string[];
}

export type NewIntegration = Omit<StoredIntegration, 'created_at' | 'updated_at'>;
export type IntegrationPatch = Partial<
  Pick<StoredIntegration, 'name' | 'metadata' | 'encrypted_key' | 'masked_key'>
>;

export interface IntegrationRepo {
  insert(orgId: string, i: NewIntegration): Promise<StoredIntegration>;
  get(orgId: string, id: string): Promise<StoredIntegration | undefined>;
  list(
    orgId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: StoredIntegration[]; total: number }>;
  update(orgId: string, id: string, patch: IntegrationPatch): Promise<StoredIntegration | undefined>;
  delete(orgId: string, id: string): Promise<boolean>;
  usage(orgId: string, id: string): Promise<IntegrationUsage>;
}

/** Encrypts keys at rest; implemented by `lib/secret-box.ts`. */
export interface Sealer {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

/** `sk-proj-abc…wxyz` → `sk-…wxyz` (first 3 + last 4); keys under 12 characters are fully masked. */
export function maskKey(key: string): string {
  if (key.length < 12) return '****';
  return `${key.slice(0, 3)}…${key.slice(-4)}`;
}
