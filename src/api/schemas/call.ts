import { callDirections, callTypes } from '../../domain/call/call.ts';
import { callStatuses, endReasons } from '../../domain/call/call-status.ts';
import { idPattern } from '../../domain/ids.ts';
import { llmProviders } from '../../domain/llm-model/llm-model.ts';
import { e164, jsonObject, z } from '../openapi.ts';

/** decisions §5: lowercase or lowercase_underscore, ≤ 40 characters. */
export const outcomePattern = /^[a-z][a-z0-9_]{0,39}$/;
const outcomeRule =
  'outcome must match ^[a-z][a-z0-9_]{0,39}$: lowercase letters, digits and underscores, starting with a letter, at most 40 characters (e.g. "interested")';

const isoDateTime = z.iso
  .datetime({
    offset: true,
    message: 'Input should be an ISO-8601 date-time with a timezone (e.g. 2026-06-01T10:00:00Z)',
  })
  .openapi({ example: '2026-06-01T10:00:00Z' });

const httpUrl = z
  .string()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'webhook_url must be an absolute http(s) URL');

/** Per-call overrides merged over the agent at dispatch; unknown keys are rejected so a typo is not ignored. */
export const CallOverrides = z
  .strictObject({
    llm: z
      .strictObject({
        provider: z.enum(llmProviders).optional(),
        model: z.string().min(1).max(128).optional().openapi({ example: 'gpt-4o-mini' }),
        temperature: z.number().min(0).max(2).optional().openapi({ example: 0.3 }),
        system_prompt: z.string().max(100_000).optional(),
      })
      .optional(),
    transcriber: z
      .strictObject({
        provider: z.string().min(1).max(64).optional(),
        model: z.string().min(1).max(128).optional().openapi({ example: 'nova-3' }),
        language: z.string().min(2).max(8).optional().openapi({ example: 'en' }),
      })
      .optional(),
    tts: z
      .strictObject({
        provider: z.string().min(1).max(64).optional(),
        voice_id: z
          .string()
          .min(1)
          .max(255)
          .optional()
          .openapi({ description: 'A Parley voice id (vc_…) from GET /v1/voices' }),
        model: z.string().min(1).max(128).optional(),
        speed: z.number().min(0.5).max(2).optional().openapi({ example: 1 }),
        stability: z.number().min(0).max(1).optional().openapi({ example: 0.5 }),
      })
      .optional(),
    first_message: z.string().max(2000).optional().openapi({ example: 'Hi {{customer_name}}!' }),
  })
  .openapi('CallOverrides');

export const CallCreate = z
  .object({
    agent_id: z.string().min(1).openapi({ example: 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    to_number: e164.openapi({ description: 'Callee (E.164)', example: '+14155559876' }),
    from_number: e164.openapi({ description: 'A number registered or purchased in this workspace' }),
    scheduled_at: isoDateTime
      .nullable()
      .optional()
      .openapi({ description: 'Future = stays queued and is dialled then; past or absent = now' }),
    variables: jsonObject.optional().openapi({ example: { customer_name: 'Suman' } }),
    dynamic_variables: jsonObject.optional().openapi({ description: 'Older name of `variables`' }),
    webhook_url: httpUrl.nullable().optional().openapi({ example: 'https://example.com/hooks/calls' }),
    overrides: CallOverrides.optional(),
    metadata: jsonObject.optional().openapi({ example: { crm_contact_id: 'ct_123' } }),
  })
  .openapi('CallCreate', {
    example: {
      agent_id: 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w',
      to_number: '+14155559876',
      from_number: '+14155550123',
      variables: { customer_name: 'Suman' },
    },
  });

export const WebCallCreate = z
  .object({
    agent_id: z.string().min(1).openapi({ example: 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    variables: jsonObject.optional().openapi({ example: { customer_name: 'Suman' } }),
    overrides: CallOverrides.optional(),
    metadata: jsonObject.optional().openapi({ example: { source: 'website' } }),
  })
  .openapi('WebCallCreate', { example: { agent_id: 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w' } });

export const WebCallTokenCreate = z
  .object({
    agent_id: z.string().min(1).openapi({ example: 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    variables: jsonObject.optional(),
    metadata: jsonObject.optional().openapi({ example: { source: 'homepage_widget' } }),
    overrides: z.unknown().optional().openapi({ description: 'Not allowed: always 422 here' }),
  })
  .superRefine((v, ctx) => {
    if (v.overrides !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['overrides'],
        message:
          'overrides are not allowed with a publishable key (a browser must not choose models or voices); configure the agent, or create the call from your server with POST /v1/calls/web',
      });
  })
  .openapi('WebCallTokenCreate', {
    example: { agent_id: 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w', metadata: { source: 'homepage_widget' } },
  });

export const CallOutcomeUpdate = z
  .strictObject({ outcome: z.string().regex(outcomePattern, outcomeRule).openapi({ example: 'interested' }) })
  .openapi('CallOutcomeUpdate', { example: { outcome: 'interested' } });

export const CallListFilters = z.object({
  agent_id: z
    .string()
    .regex(new RegExp(idPattern('agent')), 'agent_id must be an agent id (agt_…)')
    .optional(),
  status: z.enum(callStatuses).optional(),
  type: z.enum(callTypes).optional(),
  direction: z.enum(callDirections).optional(),
  outcome: z.string().regex(outcomePattern, outcomeRule).optional(),
  created_after: isoDateTime.optional().openapi({ description: 'Only calls created after this instant' }),
  created_before: isoDateTime.optional().openapi({ description: 'Only calls created before this instant' }),
});

const Message = z
  .object({
    role: z.enum(['assistant', 'user', 'tool']),
    content: z.string(),
    start_ms: z.number(),
    end_ms: z.number(),
    interrupted: z.boolean().optional(),
    name: z.string().optional(),
    arguments: z.unknown().optional(),
    result: z.unknown().optional(),
  })
  .openapi('CallMessage');

const ts = z.string().openapi({ example: '2026-06-01T10:00:00.000Z' });

export const Call = z
  .object({
    id: z.string().openapi({ example: 'call_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    agent_id: z.string(),
    type: z.enum(callTypes),
    status: z.enum(callStatuses),
    direction: z.enum(callDirections),
    from_number: z.string().nullable(),
    to_number: z.string().nullable(),
    room_name: z.string().nullable().openapi({ description: 'Web calls only' }),
    twilio_call_sid: z.string().nullable().openapi({ description: 'Carrier call id (phone calls)' }),
    scheduled_at: ts.nullable(),
    variables: jsonObject,
    metadata: jsonObject,
    overrides: CallOverrides,
    webhook_url: z.string().nullable(),
    started_at: ts.nullable(),
    ended_at: ts.nullable(),
    duration_seconds: z.number().nullable(),
    end_reason: z.enum(endReasons).nullable(),
    outcome: z.string().nullable(),
    transcript: z.array(Message).openapi({ description: 'Deprecated: the same array as `messages`' }),
    messages: z.array(Message),
    recording_url: z
      .string()
      .nullable()
      .openapi({ description: 'Signed link valid 4 hours; re-fetch for a fresh one' }),
    ai_summary: z.string().nullable(),
    analysis: jsonObject.openapi({
      example: { outcome: 'interested', summary: null, outcome_source: 'manual' },
    }),
    latency: jsonObject.nullable(),
    credits_used: z.number().openapi({ description: 'duration_seconds / 60' }),
    cost_cents: z.number().nullable(),
    cost_breakdown: z.array(jsonObject),
    error_message: z.string().nullable(),
    created_at: ts,
    updated_at: ts,
  })
  .openapi('Call');

export const WebCall = z
  .object({
    id: z.string().openapi({ example: 'call_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    agent_id: z.string(),
    type: z.literal('web'),
    status: z.enum(callStatuses),
    room_name: z.string().openapi({ example: 'web-2006ff52' }),
    server_url: z.string().openapi({ example: 'wss://parley.example.com/v1/web-calls/stream' }),
    participant_token: z.string().openapi({ description: 'Short-lived, single-use JWT for this call' }),
    created_at: ts,
  })
  .openapi('WebCall');
