/** A voice an agent can speak with: a platform voice or one imported into the workspace. */
export interface Voice {
  id: string;
  provider: string;
  provider_voice_id: string;
  name: string;
  gender: string | null;
  language: string | null;
  accent: string | null;
  preview_url: string | null;
  credential_id: string | null;
  model: string | null;
  created_at: string;
}

/** Finds a voice visible to a workspace (platform or its own imports). */
export interface VoiceLookup {
  find(orgId: string, id: string): Promise<Voice | undefined>;
}

/** Providers a voice can be imported from (reference §2.5). */
export const importableVoiceProviders = ['cartesia', 'deepgram', 'elevenlabs', 'openai'] as const;
export type ImportableVoiceProvider = (typeof importableVoiceProviders)[number];

/** A voice plus whether it is the platform's (org-less, read-only) or the workspace's own import. */
export interface OwnedVoice extends Voice {
  platform: boolean;
}

export type NewVoice = Omit<Voice, 'created_at'>;

/** Platform catalogue plus each workspace's imports. */
export interface VoiceRepo extends VoiceLookup {
  /** Platform voices first (catalogue order), then the workspace's imports newest first. */
  list(
    orgId: string,
    filter: { provider?: string | undefined },
    page: { limit: number; offset: number },
  ): Promise<{ items: Voice[]; total: number }>;
  findOwned(orgId: string, id: string): Promise<OwnedVoice | undefined>;
  insert(orgId: string, v: NewVoice): Promise<Voice>;
  delete(orgId: string, id: string): Promise<boolean>;
  /** Ids of agents whose `tts.voice_id` is this voice. */
  agentsUsing(orgId: string, id: string): Promise<string[]>;
}
