import { z } from 'zod';

const ms = (max: number) => z.number().int().min(0).max(max);
const text = z.string().trim().min(1).max(2000);

/** One step of the simulated party's script (decisions §9). */
export const simStepSchema = z.union([
  z.strictObject({ say: text, after_ms: ms(120_000).optional() }),
  z.strictObject({ say: text, barge_in_ms: ms(120_000) }),
  z.strictObject({
    dtmf: z.string().regex(/^[0-9*#A-D]{1,32}$/, 'keys 0-9, *, #, A-D'),
    after_ms: ms(120_000).optional(),
  }),
  z.strictObject({ silence_ms: ms(3_600_000) }),
  z.strictObject({ hangup: z.literal(true) }),
]);
export type SimStep = z.infer<typeof simStepSchema>;

export const simAnswers = ['human', 'machine', 'no_answer', 'busy'] as const;
export type SimAnswer = (typeof simAnswers)[number];

export const simPersonaNames = ['default', 'silent', 'interrupter'] as const;
export type SimPersonaName = (typeof simPersonaNames)[number];

/** `metadata.sim` on a call: who answers, and what they do (a script, or a named persona). */
export const simConfigSchema = z.object({
  answer: z.enum(simAnswers).default('human'),
  script: z.array(simStepSchema).max(200).optional(),
  persona: z.enum(simPersonaNames).optional(),
  /** flite voice of the simulated party: `kal` (8 kHz) or `slt` (16 kHz, resampled to the line). */
  voice: z.enum(['kal', 'slt']).default('kal'),
  /** How long the phone rings before it is answered (or given up on, for `no_answer`). */
  ring_ms: ms(120_000).optional(),
});
export type SimConfig = z.infer<typeof simConfigSchema>;

/** Default wait after the agent stops before the simulated party speaks (or presses keys). */
export const defaultAfterMs = 600;

/** The personas a call gets by name, or (`default`) when `metadata.sim` has no script. */
export const simPersonas: Record<SimPersonaName, SimStep[]> = {
  default: [
    { say: 'Hi, yes, this is a good time.', after_ms: 600 },
    { say: 'Okay, that sounds good.', after_ms: 600 },
    { say: 'Sure, thanks for explaining.', after_ms: 600 },
    { say: 'Great, that is all I needed. Goodbye!', after_ms: 600 },
    { silence_ms: 3000 },
    { hangup: true },
  ],
  silent: [],
  interrupter: [
    { say: 'Hello?', after_ms: 400 },
    { say: 'Sorry, can I stop you there? What does it cost?', barge_in_ms: 1200 },
    { say: 'Okay, thanks. Bye.', after_ms: 600 },
    { silence_ms: 2000 },
    { hangup: true },
  ],
};

/** What an answering machine says before its beep. */
export const machineGreeting =
  'Hi, you have reached the voicemail of Alex. I cannot take your call right now. Please leave a message after the tone.';

/** The steps the simulated party follows: the script, else the named persona, else `default`. */
export function stepsOf(config: SimConfig): SimStep[] {
  if (config.script) return config.script;
  return simPersonas[config.persona ?? 'default'];
}

const stepShapes =
  'a step is one of {"say": text, "after_ms"?: ms}, {"say": text, "barge_in_ms": ms}, {"dtmf": keys}, {"silence_ms": ms}, {"hangup": true}';

/** Parse `metadata.sim` (absent = the default persona answering as a human). */
export function parseSimConfig(
  value: unknown,
): { ok: true; config: SimConfig } | { ok: false; error: string } {
  const r = simConfigSchema.safeParse(value ?? {});
  if (r.success) return { ok: true, config: r.data };
  const issue = r.error.issues[0]!;
  const at = ['metadata', 'sim', ...issue.path].join('.');
  const message = issue.code === 'invalid_union' ? stepShapes : issue.message;
  return { ok: false, error: `${at}: ${message}` };
}
