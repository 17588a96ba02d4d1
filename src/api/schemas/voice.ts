import { importableVoiceProviders } from '../../domain/voice/voice.ts';
import { z } from '../openapi.ts';

const optionalText = (max: number, example: string) =>
  z.string().min(1).max(max).nullable().optional().openapi({ example });

export const VoiceImport = z
  .object({
    provider: z.enum(importableVoiceProviders).openapi({ example: 'elevenlabs' }),
    provider_voice_id: z
      .string()
      .min(1)
      .max(255)
      .openapi({ description: "The provider's own voice id", example: '21m00Tcm4TlvDq8ikWAM' }),
    name: z.string().min(1).max(255).openapi({ example: 'Rachel (cloned)' }),
    credential_id: z.string().openapi({
      description: 'Integration holding this provider’s key',
      example: 'crd_01jd8x2k3m4n5p6q7r8s9t0v1w',
    }),
    gender: optionalText(32, 'female'),
    language: optionalText(16, 'en'),
    accent: optionalText(64, 'American'),
    model: optionalText(128, 'eleven_flash_v2_5').openapi({
      description: 'Parley extra: TTS model for this voice (default per provider)',
    }),
  })
  .openapi('VoiceImport', {
    example: {
      provider: 'elevenlabs',
      provider_voice_id: '21m00Tcm4TlvDq8ikWAM',
      name: 'Rachel (cloned)',
      credential_id: 'crd_01jd8x2k3m4n5p6q7r8s9t0v1w',
      gender: 'female',
      language: 'en',
      accent: 'American',
    },
  });

export const VoiceListQuery = z.object({
  provider: z
    .string()
    .max(64)
    .optional()
    .openapi({ description: 'Only voices of this provider', example: 'cartesia' }),
});

export const Voice = z
  .object({
    id: z.string().openapi({ example: 'vc_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    provider: z.string().openapi({ example: 'elevenlabs' }),
    provider_voice_id: z.string(),
    name: z.string(),
    gender: z.string().nullable(),
    language: z.string().nullable(),
    accent: z.string().nullable(),
    preview_url: z.string().nullable(),
    credential_id: z.string().nullable().openapi({ description: 'null for platform voices' }),
    model: z.string().nullable().openapi({ description: 'TTS model used with this voice (Parley extra)' }),
    created_at: z.string().openapi({ example: '2026-06-01T10:00:00.000Z' }),
  })
  .openapi('Voice');
