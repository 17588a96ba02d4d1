import { llmProviders } from '../../domain/llm-model/llm-model.ts';
import { z } from '../openapi.ts';

const fields = {
  name: z.string().min(1).max(255).openapi({ example: 'Support brain' }),
  provider: z
    .enum(llmProviders)
    .openapi({ description: '`offline` is the keyless demo brain', example: 'openai' }),
  model: z.string().min(1).max(128).openapi({ example: 'gpt-4o-mini' }),
  system_prompt: z
    .string()
    .max(100_000)
    .openapi({ example: 'You are a friendly assistant for {{company}}.' }),
  temperature: z.number().min(0).max(2).openapi({ example: 0.7 }),
  max_tokens: z.number().int().min(1).max(128_000).openapi({ example: 4000 }),
  tool_ids: z.array(z.string()).max(64).openapi({ description: 'Replaces the whole list' }),
  knowledge_base_ids: z.array(z.string()).max(64).openapi({ description: 'Replaces the whole list' }),
  custom_websocket_url: z.string().url(),
  credential_id: z.string().openapi({ description: 'Integration holding the provider key (BYOK)' }),
};
type Fields = typeof fields;

export const LlmModelCreate = z
  .object(
    Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [
        k,
        k === 'max_tokens' || k === 'custom_websocket_url' || k === 'credential_id'
          ? v.nullable().optional()
          : v.optional(),
      ]),
    ) as {
      [K in keyof Fields]: K extends 'max_tokens' | 'custom_websocket_url' | 'credential_id'
        ? z.ZodOptional<z.ZodNullable<Fields[K]>>
        : z.ZodOptional<Fields[K]>;
    },
  )
  .openapi('LlmModelCreate', {
    example: {
      name: 'My First Model',
      provider: 'openai',
      model: 'gpt-4o-mini',
      system_prompt: 'You are helpful.',
      temperature: 0.7,
    },
  });

export const LlmModelUpdate = z
  .strictObject(
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.nullable().optional()])) as {
      [K in keyof Fields]: z.ZodOptional<z.ZodNullable<Fields[K]>>;
    },
  )
  .openapi('LlmModelUpdate', { example: { temperature: 0.3, tool_ids: [] } });

export const LlmModel = z
  .object({
    id: z.string().openapi({ example: 'llm_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    name: z.string(),
    provider: z.string(),
    model: z.string(),
    system_prompt: z.string(),
    temperature: z.number(),
    max_tokens: z.number().int().nullable(),
    tool_ids: z.array(z.string()),
    knowledge_base_ids: z.array(z.string()),
    custom_websocket_url: z.string().nullable(),
    credential_id: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('LlmModel');
