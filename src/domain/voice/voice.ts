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
