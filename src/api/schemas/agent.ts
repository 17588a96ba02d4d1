import { jsonObject, z } from '../openapi.ts';

const TranscriberIn = z.object({
  provider: z.string().min(1).max(64).optional().openapi({ example: 'deepgram' }),
  model: z.string().min(1).max(128).optional().openapi({ example: 'nova-3' }),
  language: z.string().min(2).max(8).optional().openapi({ example: 'en' }),
});

const TtsIn = z.object({
  provider: z.string().min(1).max(64).optional().openapi({ example: 'flite' }),
  credential_id: z.string().nullable().optional(),
  voice_id: z.string().min(1).max(255).optional().openapi({ example: 'vc_01kdvdna00tczsq5t9p4wwb14p' }),
  speed: z.number().min(0.5).max(2).optional().openapi({ example: 1 }),
  stability: z.number().min(0).max(1).optional().openapi({ example: 0.5 }),
});

/** Fields shared by create and update, each with its documented range. */
const agentFields = {
  name: z.string().min(1).max(255).openapi({ example: 'Sales assistant' }),
  llm_id: z
    .string()
    .openapi({ description: 'Model id from GET /v1/models; omitted = a default model is created' }),
  webhook_id: z.string(),
  transcriber: TranscriberIn,
  tts: TtsIn,
  first_message: z.string().max(2000).openapi({ example: 'Hi {{customer_name}}, thanks for calling!' }),
  end_call_phrases: z.array(z.string().min(1).max(200)).max(50),
  max_duration_seconds: z.number().int().min(30).max(7200).openapi({ example: 600 }),
  interruption_sensitivity: z.number().min(0).max(1).openapi({ example: 0.5 }),
  silence_timeout_seconds: z.number().int().min(1).max(300).openapi({ example: 10 }),
  enable_recording: z.boolean(),
  language: z.string().min(2).max(8).openapi({ example: 'en' }),
  dynamic_variables: jsonObject.openapi({ example: { company: 'Acme' } }),
  voicemail_detection: z.boolean(),
  voicemail_message: z.string().max(2000),
  responsiveness: z.number().min(0).max(1).openapi({ example: 0.5 }),
  speed: z.number().min(0.5).max(2).openapi({ example: 1 }),
  background_sound: z.string().max(64),
  emotions: z.boolean(),
  job_description: z.string().max(20000),
  metadata: jsonObject,
};

type Fields = typeof agentFields;
type OptionalFields = { [K in keyof Fields]: z.ZodOptional<Fields[K]> };
type NullableFields = { [K in keyof Fields]: z.ZodOptional<z.ZodNullable<Fields[K]>> };

const optional = Object.fromEntries(
  Object.entries(agentFields).map(([k, v]) => [k, v.optional()]),
) as OptionalFields;
const nullable = Object.fromEntries(
  Object.entries(agentFields).map(([k, v]) => [k, v.nullable().optional()]),
) as NullableFields;

export const AgentCreate = z
  .object({ ...optional, name: agentFields.name })
  .openapi('AgentCreate', { example: { name: 'Sales assistant', first_message: 'Hi! How can I help?' } });

export const AgentUpdate = z
  .strictObject(nullable)
  .openapi('AgentUpdate', { example: { first_message: 'Hello! Thanks for calling.' } });

export const Agent = z
  .object({
    id: z.string().openapi({ example: 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    name: z.string(),
    llm_id: z.string(),
    webhook_id: z.string().nullable(),
    transcriber: z.object({ provider: z.string(), model: z.string(), language: z.string() }),
    tts: z.object({
      provider: z.string(),
      credential_id: z.string().nullable(),
      voice_id: z.string(),
      speed: z.number(),
      stability: z.number(),
    }),
    first_message: z.string().nullable(),
    end_call_phrases: z.array(z.string()),
    max_duration_seconds: z.number().int(),
    interruption_sensitivity: z.number(),
    silence_timeout_seconds: z.number().int(),
    enable_recording: z.boolean(),
    language: z.string(),
    dynamic_variables: jsonObject,
    voicemail_detection: z.boolean(),
    voicemail_message: z.string().nullable(),
    responsiveness: z.number(),
    speed: z.number(),
    background_sound: z.string().nullable(),
    emotions: z.boolean(),
    job_description: z.string().nullable(),
    metadata: jsonObject,
    effective_system_prompt: z
      .string()
      .nullable()
      .openapi({ description: 'Read-only; null in list responses' }),
    created_at: z.string().openapi({ example: '2026-06-01T10:00:00.000Z' }),
    updated_at: z.string(),
  })
  .openapi('Agent');
