import { z } from 'zod';

const count = z.number().finite().nonnegative();

/**
 * What a call consumed from its providers, the input to its cost. The engine records it on the call
 * (`calls.usage`) when it measured it; otherwise post-call estimates it from the transcript and the
 * agent's configuration and marks the lines `estimated`.
 */
export const CallUsageSchema = z.object({
  llm: z
    .array(
      z.object({
        provider: z.string(),
        model: z.string(),
        input_tokens: count,
        output_tokens: count,
        estimated: z.boolean().optional(),
      }),
    )
    .default([]),
  stt: z
    .array(
      z.object({
        provider: z.string(),
        model: z.string().nullish(),
        seconds: count,
        estimated: z.boolean().optional(),
      }),
    )
    .default([]),
  tts: z
    .array(
      z.object({
        provider: z.string(),
        model: z.string().nullish(),
        characters: count,
        estimated: z.boolean().optional(),
      }),
    )
    .default([]),
});
export type CallUsage = z.infer<typeof CallUsageSchema>;

/** The usage the engine stored, when it is well-formed; undefined means "estimate it". */
export function recordedUsage(raw: unknown): CallUsage | undefined {
  if (raw === null || raw === undefined) return undefined;
  const parsed = CallUsageSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
