import { integrationProviders } from '../../domain/integration/integration.ts';
import { jsonObject, z } from '../openapi.ts';

const providerIn = z
  .enum([...integrationProviders, 'cal.com'])
  .transform((p) => (p === 'cal.com' ? 'calcom' : p))
  .openapi({ description: '`cal.com` is accepted and stored as `calcom`', example: 'openai' });

const apiKey = z
  .string()
  .trim()
  .min(1)
  .max(4096)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  .regex(/^[^\x00-\x1f\x7f]+$/, 'api_key must not contain control characters or line breaks')
  .openapi({
    description: 'Provider API key or auth token; stored encrypted, never returned',
    example: 'sk-proj-…',
  });

const name = z.string().trim().min(1).max(255).openapi({ example: 'Production OpenAI' });

const metadata = jsonObject.openapi({
  description:
    'Provider settings: twilio needs `account_sid`; resend/sendgrid need `from`; any provider may set `base_url` (http/https).',
  example: { from: 'Acme <support@acme.com>' },
});

export const IntegrationCreate = z
  .object({ name, provider: providerIn, api_key: apiKey, metadata: metadata.optional() })
  .openapi('IntegrationCreate', {
    example: {
      name: 'Resend Email',
      provider: 'resend',
      api_key: 're_123456789abcdef',
      metadata: { from: 'support@acme.com' },
    },
  });

export const IntegrationUpdate = z
  .strictObject({
    name: name.nullable().optional(),
    provider: providerIn
      .nullable()
      .optional()
      .openapi({ description: 'Cannot change; sent only to confirm' }),
    api_key: apiKey.nullable().optional().openapi({ description: 'Rotates the stored key' }),
    metadata: z
      .record(z.string(), z.unknown())
      .nullable()
      .optional()
      .openapi({ description: 'Merged key by key into the stored metadata; a null value removes that key' }),
  })
  .openapi('IntegrationUpdate', { example: { api_key: 'sk-proj-rotated…' } });

export const Integration = z
  .object({
    id: z.string().openapi({ example: 'crd_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    name: z.string(),
    provider: z.enum(integrationProviders),
    masked_key: z.string().openapi({ example: 'sk-…abcd' }),
    metadata: jsonObject,
    created_at: z.string().openapi({ example: '2026-06-01T10:00:00.000Z' }),
    updated_at: z.string(),
  })
  .openapi('Integration');
