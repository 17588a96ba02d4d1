import { errors } from '../errors.ts';
import type { PlatformVoice } from './catalogue.ts';

/** Speaks a short text in a voice (by the provider's voice id) and returns a WAV file. */
export type PreviewSpeaker = (providerVoiceId: string, text: string) => Promise<Uint8Array>;

/** What a preview says: the voice's first name (`Kal (offline, 8 kHz)` → `Kal`). */
export function previewText(voice: { name: string }): string {
  const name = voice.name.split(/[\s(]/)[0] || voice.name;
  return `Hi, I'm ${name}. This is how I sound on a call.`;
}

export interface VoicePreviewDeps {
  /** The offline voice engine (flite); absent = no previews on this server. */
  speaker: PreviewSpeaker | undefined;
  publicUrl: string;
  catalogue: readonly PlatformVoice[];
}

/**
 * Previews of the offline platform voices, made by Parley itself: a fixed sentence synthesised once
 * per voice and kept in memory. They hold no workspace data, so their URL needs no key (an
 * `<audio>` element can load it). Vendor voices have none (no known vendor sample URL; making one
 * would spend the platform's key), nor do imported voices (they speak with a workspace's key).
 */
export class VoicePreviews {
  private readonly voices: Map<string, PlatformVoice>;
  private readonly cache = new Map<string, Promise<Uint8Array>>();

  constructor(private readonly d: VoicePreviewDeps) {
    const offline = d.speaker ? d.catalogue.filter((v) => v.provider === 'flite') : [];
    this.voices = new Map(offline.map((v) => [v.id, v]));
  }

  /** `preview_url` for a voice id: a public link for offline platform voices, else null. */
  url(voiceId: string): string | null {
    if (!this.voices.has(voiceId)) return null;
    return `${this.d.publicUrl.replace(/\/+$/, '')}/v1/voices/${voiceId}/preview`;
  }

  /** The preview WAV; 404 `VOICE_PREVIEW_NOT_FOUND` for any voice without one. A failed synthesis is retried next time. */
  audio(voiceId: string): Promise<Uint8Array> {
    const voice = this.voices.get(voiceId);
    const speaker = this.d.speaker;
    if (!voice || !speaker) return Promise.reject(errors.notFound('voicePreview', voiceId));
    let wav = this.cache.get(voiceId);
    if (!wav) {
      wav = speaker(voice.provider_voice_id, previewText(voice));
      this.cache.set(voiceId, wav);
      wav.catch(() => this.cache.delete(voiceId));
    }
    return wav;
  }
}
