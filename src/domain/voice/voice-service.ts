import { errors } from '../errors.ts';
import { isId, newId } from '../ids.ts';
import type { IntegrationService } from '../integration/integration-service.ts';
import type { ImportableVoiceProvider, Voice, VoiceRepo } from './voice.ts';

export interface ImportVoiceInput {
  provider: ImportableVoiceProvider;
  provider_voice_id: string;
  name: string;
  credential_id: string;
  gender?: string | null | undefined;
  language?: string | null | undefined;
  accent?: string | null | undefined;
  model?: string | null | undefined;
}

/** The TTS model used with an imported voice when the import names none. */
const defaultModels: Record<ImportableVoiceProvider, (voiceId: string) => string> = {
  elevenlabs: () => 'eleven_flash_v2_5',
  cartesia: () => 'sonic-2',
  openai: () => 'gpt-4o-mini-tts',
  // Deepgram Aura voice names are the model (`aura-2-thalia-en`).
  deepgram: (voiceId) => voiceId,
};

/** Voices: the read-only platform catalogue plus voices a workspace imports with its own provider key. */
export class VoiceService {
  constructor(
    private readonly repo: VoiceRepo,
    private readonly integrations: IntegrationService,
    /** `preview_url` of voices the store has none for (VoicePreviews.url); default: none. */
    private readonly previewUrl: (voiceId: string) => string | null = () => null,
  ) {}

  async list(
    orgId: string,
    filter: { provider?: string | undefined },
    page: { limit: number; offset: number },
  ) {
    const { items, total } = await this.repo.list(orgId, filter, page);
    return { items: items.map((v) => this.withPreview(v)), total };
  }

  async get(orgId: string, id: string): Promise<Voice> {
    const { platform: _p, ...voice } = await this.owned(orgId, id);
    return this.withPreview(voice);
  }

  async import(orgId: string, input: ImportVoiceInput): Promise<Voice> {
    await this.integrations.requireProvider(
      orgId,
      input.credential_id,
      [input.provider],
      ['body', 'credential_id'],
    );
    return this.repo.insert(orgId, {
      id: newId('voice'),
      provider: input.provider,
      provider_voice_id: input.provider_voice_id,
      name: input.name,
      gender: input.gender ?? null,
      language: input.language ?? null,
      accent: input.accent ?? null,
      preview_url: null,
      credential_id: input.credential_id,
      model: input.model ?? defaultModels[input.provider](input.provider_voice_id),
    });
  }

  async delete(orgId: string, id: string): Promise<void> {
    const voice = await this.owned(orgId, id);
    if (voice.platform)
      throw errors.forbidden('Platform voices cannot be deleted; only voices you imported can.');
    const agents = await this.repo.agentsUsing(orgId, id);
    if (agents.length > 0)
      throw errors.conflict(
        `Voice '${id}' is used by ${agents.length} agent(s); give them another tts.voice_id first.`,
        { agent_ids: agents },
      );
    await this.repo.delete(orgId, id);
  }

  private withPreview(v: Voice): Voice {
    return v.preview_url ? v : { ...v, preview_url: this.previewUrl(v.id) };
  }

  private async owned(orgId: string, id: string) {
    const v = isId('voice', id) ? await this.repo.findOwned(orgId, id) : undefined;
    if (!v) throw errors.notFound('voice', id);
    return v;
  }
}
