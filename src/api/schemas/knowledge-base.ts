import { chunkSizeRange, fileTypes, maxFileBytes } from '../../domain/knowledge-base/knowledge-base.ts';
import { z } from '../openapi.ts';

export const KnowledgeBaseCreate = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(255)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting NUL (PostgreSQL cannot store it) is the point
      .regex(/^[^\u0000]*$/, 'String should not contain NUL characters')
      .openapi({ example: 'Product Docs', description: 'Internal label; callers never see it' }),
    chunk_size: z
      .number()
      .int()
      .min(chunkSizeRange.min)
      .max(chunkSizeRange.max)
      .optional()
      .openapi({
        example: 512,
        description: `Tokens per chunk (${chunkSizeRange.min}–${chunkSizeRange.max}, default ${chunkSizeRange.default}); lower = more precise hits, higher = more context per hit`,
      }),
    multilingual: z.boolean().optional().openapi({
      example: false,
      description: 'True for non-English content: indexes without English stemming',
    }),
  })
  .openapi('KnowledgeBaseCreate', {
    example: { name: 'Product Docs', chunk_size: 512, multilingual: false },
  });

export const KnowledgeBase = z
  .object({
    id: z.string().openapi({ example: 'kb_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    name: z.string(),
    chunk_size: z.number().int(),
    multilingual: z.boolean(),
    source_count: z.number().int(),
    token_count: z
      .number()
      .int()
      .openapi({ description: 'Tokens of the ingested sources (compared with kb_token_budget)' }),
    created_at: z.string().openapi({ example: '2026-06-01T10:00:00.000Z' }),
    updated_at: z.string(),
  })
  .openapi('KnowledgeBase');

export const KbSource = z
  .object({
    id: z.string().openapi({ example: 'kbs_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    knowledge_base_id: z.string(),
    type: z.enum(['file', 'url', 'text']),
    source: z
      .string()
      .openapi({ description: 'The URL, the text, or the file name', example: 'https://docs.example.com' }),
    chunk_count: z.number().int(),
    status: z.enum(['processing', 'completed', 'failed']),
    error_message: z.string().nullable(),
    created_at: z.string(),
    file_name: z.string().nullable(),
    mime_type: z.string().nullable(),
    file_size: z.number().int().nullable(),
    token_count: z.number().int(),
  })
  .openapi('KBSourceResponse');

export const KbJob = z
  .object({
    id: z.string().openapi({ example: 'kbj_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    knowledge_base_id: z.string(),
    knowledge_base_source_id: z.string().nullable(),
    type: z.literal('ingest_source'),
    status: z.enum(['queued', 'running', 'completed', 'failed']),
    error_message: z.string().nullable(),
    payload: z.object({ chunks: z.number().int(), tokens: z.number().int(), vector_indexed: z.boolean() }),
    started_at: z.string().nullable(),
    completed_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('KBJobResponse');

export const SourceAccepted = z
  .object({
    knowledge_base_id: z.string(),
    source: KbSource,
    job: KbJob,
    message: z.string().openapi({
      example:
        'Source accepted. Ingestion is running in the background. Poll GET /v1/knowledge-bases/{kb_id}/jobs/{job_id} for status.',
    }),
  })
  .openapi('KBSourceAccepted');

const extensions = Object.keys(fileTypes).join(', ');

/** Plain OpenAPI schema (not zod) so the route reads the form itself: size limits and 422s stay under our control. */
export function sourceFormSchema(withName: boolean) {
  return {
    type: 'object' as const,
    properties: {
      file: {
        type: 'string' as const,
        format: 'binary',
        description: `A file (${extensions}; at most ${maxFileBytes} bytes = 50 MiB). Send it alone, without \`type\`.`,
      },
      type: { type: 'string' as const, enum: ['url', 'text'], description: 'Required without `file`' },
      source: {
        type: 'string' as const,
        description: 'The http(s) URL to crawl (same-site links are followed) or the plain text',
        example: 'https://docs.example.com',
      },
      ...(withName
        ? {
            name: {
              type: 'string' as const,
              description:
                'Name of the new KB (default: the URL domain, file name or first 60 characters of the text)',
            },
          }
        : {}),
    },
  };
}
