import { z } from 'zod';
import type { Llm, LlmRequest } from '../../providers/llm/llm.ts';
import type { CallRecord } from '../call/call.ts';
import { type CallAnalysis, type OutcomeChoice, transcriptLines } from './call-analysis.ts';

/** The function the model calls with its verdict (structured output through tool calling). */
export const analysisToolName = 'record_call_analysis';

/** Longest transcript sent (the end of a long call matters most for its outcome). */
const maxTranscriptChars = 24_000;

/** The model's verdict: one of the allowed outcome names or null, and a short summary. */
export function verdictSchema(names: readonly string[]) {
  const normalise = (v: unknown) =>
    typeof v === 'string'
      ? v.trim().toLowerCase() === 'null' || v.trim() === ''
        ? null
        : v
            .trim()
            .toLowerCase()
            .replace(/[\s-]+/g, '_')
      : v;
  return z.object({
    outcome: z.preprocess(normalise, z.enum(names as [string, ...string[]]).nullable()),
    summary: z.string().trim().min(1).max(4000),
  });
}

/** The analysis request: outcomes with their labels and descriptions, the call facts and the transcript. */
export function analysisRequest(
  call: Pick<CallRecord, 'messages' | 'duration_seconds' | 'end_reason' | 'direction'>,
  choices: readonly OutcomeChoice[],
  model: string,
): LlmRequest {
  const list = choices
    .map((c) => `- ${c.name} ("${c.label}")${c.description ? `: ${c.description}` : ''}`)
    .join('\n');
  let transcript = transcriptLines(call).join('\n');
  if (transcript.length > maxTranscriptChars)
    transcript = `[… earlier turns omitted …]\n${transcript.slice(-maxTranscriptChars)}`;
  const system = [
    'You review a finished phone call between an AI voice agent ("Agent") and a person ("Caller").',
    `Call the ${analysisToolName} function exactly once with:`,
    '- outcome: the single best-fitting outcome name from the list below, or null when the call is too short or ambiguous for any of them;',
    '- summary: two or three sentences on what happened and why you chose that outcome.',
    '',
    'Outcomes:',
    list,
  ].join('\n');
  const facts = `Direction: ${call.direction}. Duration: ${Math.round(call.duration_seconds ?? 0)} s. Ended because: ${call.end_reason ?? 'unknown'}.`;
  return {
    model,
    temperature: 0,
    maxTokens: 500,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: `${facts}\n\nTranscript:\n${transcript || '(nothing was said)'}` },
    ],
    tools: [
      {
        name: analysisToolName,
        description: 'Record the outcome and summary of the call.',
        parameters: {
          type: 'object',
          properties: {
            outcome: { type: ['string', 'null'], enum: [...choices.map((c) => c.name), null] },
            summary: { type: 'string' },
          },
          required: ['outcome', 'summary'],
          additionalProperties: false,
        },
      },
    ],
  };
}

/** The model's answer did not have the required shape (it is then classified offline). */
export class AnalysisFormatError extends Error {}

/**
 * Ask `llm` for the verdict and validate it: the tool call's arguments, or a JSON object in the text
 * for models that answer in prose. Throws ProviderError on provider failure, AnalysisFormatError on
 * an unusable answer.
 */
export async function analyzeWithLlm(
  llm: Llm,
  request: LlmRequest,
  choices: readonly OutcomeChoice[],
  signal: AbortSignal,
): Promise<CallAnalysis> {
  let text = '';
  let args: string | undefined;
  for await (const chunk of llm.chat(request, signal)) {
    if (chunk.type === 'text') text += chunk.text;
    else if (chunk.type === 'tool_call' && chunk.call.name === analysisToolName)
      args ??= chunk.call.arguments;
  }
  const raw = args ?? jsonIn(text);
  if (raw === undefined)
    throw new AnalysisFormatError('The model answered without calling the analysis function.');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new AnalysisFormatError('The model returned analysis arguments that are not JSON.');
  }
  const parsed = verdictSchema(choices.map((c) => c.name)).safeParse(value);
  if (!parsed.success)
    throw new AnalysisFormatError(
      `The model's analysis did not validate: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return {
    outcome: parsed.data.outcome,
    summary: parsed.data.summary,
    classifier: 'llm',
    model: `${llm.provider}/${request.model}`,
  };
}

/** The outermost `{…}` in a prose answer (fenced or not). */
function jsonIn(text: string): string | undefined {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  return start >= 0 && end > start ? text.slice(start, end + 1) : undefined;
}
