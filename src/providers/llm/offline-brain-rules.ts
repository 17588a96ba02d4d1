import { bestPassage } from './kb-passage.ts';
import type { LlmMessage, LlmRequest, LlmToolCall, LlmToolDef } from './llm.ts';

/** What the offline brain says and does for one request. */
export interface OfflineDecision {
  text: string;
  toolCalls: LlmToolCall[];
}

export const offlineIdentity =
  "I'm Parley's offline demo assistant: a simple rule-based stand-in used when no language model is configured. " +
  'I can answer from the knowledge base, transfer you, or end the call.';

const intents = {
  goodbye:
    /\b(good ?bye|bye|that'?s all|that is all|nothing else|hang up|end the call|have a (good|nice) (day|one))\b/,
  human:
    /\b(human|real person|live person|a person|agent|representative|operator|someone real|(speak|talk) (to|with) someone|transfer me)\b/,
  identity:
    /\b(are you (a |an )?(robot|bot|ai|human|real|machine|person)|who are you|what are you|offline|demo|language model)\b/,
  thanks: /\b(thanks|thank you|cheers)\b/,
  greeting: /^\s*(hi|hello|hey|good (morning|afternoon|evening))\b/,
};

const findTool = (tools: LlmToolDef[], name: RegExp, description?: RegExp) =>
  tools.find((t) => name.test(t.name)) ??
  (description ? tools.find((t) => description.test(t.description)) : undefined);

const endCallTool = (tools: LlmToolDef[]) =>
  findTool(tools, /end_?call|hang_?up/i, /\b(end|hang up) the call\b/i);
const transferTool = (tools: LlmToolDef[]) => findTool(tools, /transfer/i, /\btransfer\b/i);
const kbTool = (tools: LlmToolDef[]) => findTool(tools, /knowledge|(^|_)kb(_|$)|search|lookup|faq/i);

type Schema = { properties?: Record<string, { type?: string; enum?: unknown[] }>; required?: string[] };

/** Arguments for a tool: `value` goes to the first string property; required enums take their first value. */
function argumentsFor(tool: LlmToolDef, value?: string): string {
  const schema = tool.parameters as Schema;
  const props = schema.properties ?? {};
  const args: Record<string, unknown> = {};
  const textProp = Object.keys(props).find((k) => props[k]?.type === 'string' && !props[k]?.enum);
  if (value !== undefined) args[textProp ?? 'query'] = value;
  for (const k of schema.required ?? [])
    if (!(k in args) && props[k]?.enum?.length) args[k] = props[k]!.enum![0];
  return JSON.stringify(args);
}

/** Sentences that instruct the assistant rather than inform the caller. */
const instruction =
  /^(you|your|you're|always|never|do|don't|keep|be|speak|respond|answer|use|if|when|act|follow|avoid|ask|remember|only)\b/i;

/** The knowledge-base section of a system prompt when it has one (a heading naming it), else the whole prompt. */
function knowledgeText(system: string): string {
  const m = /^#+\s*.*\b(knowledge|faq|information|context|facts)\b.*$/im.exec(system);
  return m ? system.slice(m.index + m[0].length) : system;
}

/** What a search tool answers when nothing matched (Parley's `formatPassages` and similar). */
const notFound = /^no (matching )?(passages|results)\b/i;

const question = /\?|\b(what|when|where|which|who|why|how|do|does|can|could|is|are)\b/;

/** Whether a turn asks something worth looking up: not bare small talk (a greeting with a question still asks). */
const asks = (text: string) =>
  question.test(text) || (!intents.greeting.test(text) && !intents.thanks.test(text));

function lastOf<R extends LlmMessage['role']>(messages: LlmMessage[], role: R) {
  return messages.findLast((m) => m.role === role) as Extract<LlmMessage, { role: R }> | undefined;
}

/** Deterministic replies for keyless demos (decisions §7): greeting, KB lookup, transfer, goodbye + end_call. */
export function decideOffline(req: LlmRequest): OfflineDecision {
  const tools = req.tools ?? [];
  const last = req.messages.at(-1);
  const said = lastOf(req.messages, 'user')?.content ?? '';
  const userTurns = req.messages.filter((m) => m.role === 'user').length;
  const callId = (n: number) => `offline_${req.messages.length}_${n}`;
  const say = (text: string, ...toolCalls: LlmToolCall[]): OfflineDecision => ({ text, toolCalls });

  if (last?.role === 'tool') {
    if (endCallTool(tools)?.name === last.name || transferTool(tools)?.name === last.name) return say('');
    if (kbTool(tools)?.name === last.name) {
      const found = bestPassage(said, last.content, (s) => notFound.test(s));
      return say(found ?? "I'm sorry, I couldn't find that in the knowledge base.");
    }
    return say('All done. Is there anything else I can help with?');
  }
  if (userTurns === 0) return say("Hello! I'm an offline demo assistant. How can I help you today?");

  const text = said.toLowerCase();
  if (intents.goodbye.test(text)) {
    const end = endCallTool(tools);
    return say(
      'Thanks for calling. Goodbye!',
      ...(end ? [{ id: callId(0), name: end.name, arguments: argumentsFor(end) }] : []),
    );
  }
  if (intents.human.test(text)) {
    const transfer = transferTool(tools);
    if (!transfer)
      return say("I'm sorry, I can't transfer calls in this demo. Is there something I can help with?");
    return say("Sure, I'll transfer you to a person now.", {
      id: callId(0),
      name: transfer.name,
      arguments: argumentsFor(transfer),
    });
  }
  if (intents.identity.test(text)) return say(offlineIdentity);
  const kb = kbTool(tools);
  if (kb && asks(text)) {
    return say('Let me check that for you.', {
      id: callId(0),
      name: kb.name,
      arguments: argumentsFor(kb, said),
    });
  }
  const system = req.messages.flatMap((m) => (m.role === 'system' ? [m.content] : [])).join('\n');
  const passage = system ? bestPassage(said, knowledgeText(system), (s) => instruction.test(s)) : undefined;
  if (passage) return say(passage);
  if (intents.thanks.test(text)) return say("You're welcome! Is there anything else I can help with?");
  if (intents.greeting.test(text) || userTurns === 1) {
    return say(
      "Hi! I'm an offline demo assistant, so I can only give simple answers. How can I help you today?",
    );
  }
  return say(
    `I heard: "${said.trim()}". I'm an offline demo without a language model, so I can only answer from the ` +
      'knowledge base, transfer you, or end the call.',
  );
}
