import { describe, expect, it } from 'vitest';
import { platformVoices } from './catalogue.ts';
import { VoicePreviews } from './voice-preview.ts';

const kal = platformVoices[0]!;
const vendor = platformVoices.find((v) => v.provider !== 'flite')!;

/** A speaker that records what it was asked and answers with the text's bytes (or fails once). */
function speaker() {
  const asked: string[] = [];
  let fail = false;
  const speak = async (voice: string, text: string) => {
    asked.push(`${voice}: ${text}`);
    if (fail) {
      fail = false;
      throw new Error('flite down');
    }
    return new TextEncoder().encode(text);
  };
  return {
    speak,
    asked,
    failOnce: () => {
      fail = true;
    },
  };
}

describe('VoicePreviews', () => {
  it('synthesises each voice once, however many requests come in', async () => {
    const s = speaker();
    const p = new VoicePreviews({
      speaker: s.speak,
      publicUrl: 'https://p.example.com/',
      catalogue: platformVoices,
    });
    const all = await Promise.all([p.audio(kal.id), p.audio(kal.id), p.audio(kal.id)]);
    await p.audio(kal.id);
    expect(s.asked).toEqual(["kal: Hi, I'm Kal. This is how I sound on a call."]);
    expect(new Set(all).size).toBe(1);
    expect(p.url(kal.id)).toBe(`https://p.example.com/v1/voices/${kal.id}/preview`);
  });

  it('tries again after a failed synthesis instead of keeping the failure', async () => {
    const s = speaker();
    const p = new VoicePreviews({ speaker: s.speak, publicUrl: 'http://x', catalogue: platformVoices });
    s.failOnce();
    await expect(p.audio(kal.id)).rejects.toThrow('flite down');
    await expect(p.audio(kal.id)).resolves.toBeInstanceOf(Uint8Array);
    expect(s.asked).toHaveLength(2);
  });

  it('has no preview for vendor voices, nor for any voice without a speaker', async () => {
    const s = speaker();
    const p = new VoicePreviews({ speaker: s.speak, publicUrl: 'http://x', catalogue: platformVoices });
    expect(p.url(vendor.id)).toBeNull();
    await expect(p.audio(vendor.id)).rejects.toMatchObject({ code: 'VOICE_PREVIEW_NOT_FOUND' });
    const none = new VoicePreviews({ speaker: undefined, publicUrl: 'http://x', catalogue: platformVoices });
    expect(none.url(kal.id)).toBeNull();
    await expect(none.audio(kal.id)).rejects.toMatchObject({ code: 'VOICE_PREVIEW_NOT_FOUND' });
    expect(s.asked).toEqual([]);
  });
});
