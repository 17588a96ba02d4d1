import { ProviderError } from '../../providers/errors.ts';
import type { Llm, LlmMessage, LlmRequest, LlmToolCall } from '../../providers/llm/llm.ts';
import type { CallClock } from '../call-clock.ts';
import type { Direction, Frame } from '../frames.ts';
import { FrameProcessor, isAbortError } from '../processor.ts';
import { SpeechHandle, type SpeechResult, type SpeechSource } from '../speech-handle.ts';
import type { ToolRunner } from '../tools/tool-runner.ts';
import { runToolCalls } from './llm-tools.ts';

export interface LlmProcessorOptions {
  /** The provider, then fallbacks tried in order when one fails before producing output. */
  llms: readonly Llm[];
  model: string;
  temperature?: number;
  maxTokens?: number;
  /** The effective system prompt, variables already filled. */
  systemPrompt: string;
  /** The model's tools (and, over the KB token budget, search_knowledge_base). */
  tools?: ToolRunner;
  time: CallClock;
  /** LLM calls per turn that may ask for tools before the reply is cut short. */
  maxToolRounds?: number;
  /** False for a call that only speaks a message: caller turns are kept in the context, never answered. */
  answers?: boolean;
}

type Round = { text: string; calls: LlmToolCall[]; aborted: boolean };

/**
 * The conversation: keeps the chat context, answers each user turn by streaming the LLM's text
 * into one SpeechHandle (tool calls run in between), and speaks fixed lines (`say`). When a
 * speech is interrupted, the context keeps only the words the caller heard.
 */
export class LlmProcessor extends FrameProcessor {
  /** The conversation after the system prompt. */
  readonly messages: LlmMessage[] = [];
  /** Results of background tools, added to the context before the next LLM call. */
  readonly notes: string[] = [];
  private index = 0;
  private speeches = 0;
  private readonly lifetime = new AbortController();

  constructor(private readonly opts: LlmProcessorOptions) {
    super('llm');
    if (opts.llms.length === 0) throw new Error('LlmProcessor needs at least one provider');
  }

  get provider(): string {
    return this.opts.llms[this.index]!.provider;
  }

  /** Open the current provider's vendor connection ahead of the next reply. */
  prewarm(): void {
    this.opts.llms[this.index]!.prewarm?.();
  }

  /** Speak fixed text (greeting, reminder) after anything already queued; returns its handle. */
  say(
    text: string,
    opts: { allowInterruptions: boolean; source: SpeechSource; addToContext?: boolean },
  ): SpeechHandle {
    const speech = new SpeechHandle({
      id: ++this.speeches,
      allowInterruptions: opts.allowInterruptions,
      source: opts.source,
    });
    this.enqueue(
      this.own(speech, {
        kind: 'control',
        type: 'agent.say',
        speech,
        text,
        addToContext: opts.addToContext ?? true,
      }),
      'down',
    );
    return speech;
  }

  protected override async process(frame: Frame, direction: Direction): Promise<void> {
    if (direction === 'up') {
      this.push(frame, direction);
      return;
    }
    if (frame.type === 'user.turn') {
      this.messages.push({ role: 'user', content: frame.text });
      if (!frame.noReply && this.opts.answers !== false) await this.reply();
      return;
    }
    if (frame.type === 'agent.say') {
      const { speech, text } = frame;
      this.begin(speech);
      this.push(this.own(speech, { kind: 'data', type: 'llm.text', speech, text }));
      this.push(this.own(speech, { kind: 'control', type: 'speech.end', speech }));
      if (frame.addToContext) this.track(speech, [this.addAssistant(text)]);
      return;
    }
    this.push(frame, direction);
  }

  protected override async cleanup(): Promise<void> {
    this.lifetime.abort();
  }

  /** Answer a user turn: one speech per LLM call, tools run between them. */
  private async reply(): Promise<void> {
    const signal = this.signal;
    const rounds = this.opts.maxToolRounds ?? 5;
    for (let round = 0; round < rounds; round++) {
      this.flushNotes();
      const r = await this.speakRound(this.request(), signal);
      if (!r) return;
      const ran = await runToolCalls(this.toolHost(signal), r.calls);
      if (ran.terminal) return;
    }
  }

  /**
   * One LLM call spoken as one speech. Returns the tool calls to run next (the speech already
   * ended, with a filler if a tool asks for one and the model said nothing), or undefined when
   * the turn is over (no tools, interrupted).
   */
  private async speakRound(req: LlmRequest, signal: AbortSignal) {
    const speech = new SpeechHandle({ id: ++this.speeches, allowInterruptions: true, source: 'reply' });
    const spoken: Extract<LlmMessage, { role: 'assistant' }>[] = [];
    this.begin(speech);
    this.track(speech, spoken);
    let ended = false;
    try {
      const r = await this.round(req, speech, signal);
      const calls = r.aborted || !this.opts.tools ? [] : r.calls;
      const msg = this.addAssistant(r.text, calls);
      spoken.push(msg);
      if (r.aborted) {
        ended = true;
        return undefined;
      }
      const filler = calls.map((c) => this.opts.tools!.behaviour(c.name).filler).find((f) => f !== undefined);
      if (filler && !msg.content.trim()) {
        this.push({ kind: 'data', type: 'llm.text', speech, text: `${filler} ` });
        msg.content = filler;
      }
      return calls.length > 0 ? { calls } : undefined;
    } finally {
      if (!ended && !signal.aborted) this.push({ kind: 'control', type: 'speech.end', speech });
      // The speech may have ended before an aborted round added its partial text.
      if (speech.result) cutToHeard(spoken, speech.result);
    }
  }

  /** One LLM call, streamed into the speech; fails over before any output, throws after. */
  private async round(req: LlmRequest, speech: SpeechHandle, signal: AbortSignal): Promise<Round> {
    for (;;) {
      const llm = this.opts.llms[this.index]!;
      const t0 = this.opts.time.now();
      const out: Round = { text: '', calls: [], aborted: false };
      let first = true;
      try {
        for await (const chunk of llm.chat(req, signal)) {
          if (signal.aborted) break;
          if (first && (chunk.type === 'text' || chunk.type === 'tool_call')) {
            first = false;
            this.metric('llm_ttft', this.opts.time.now() - t0, llm.provider);
          }
          if (chunk.type === 'text') {
            out.text += chunk.text;
            this.push({ kind: 'data', type: 'llm.text', speech, text: chunk.text });
          } else if (chunk.type === 'tool_call') out.calls.push(chunk.call);
        }
        out.aborted = signal.aborted;
        return out;
      } catch (e) {
        if (isAbortError(e) || signal.aborted) return { ...out, aborted: true };
        const err =
          e instanceof ProviderError
            ? e
            : new ProviderError(llm.provider, (e as Error).message ?? String(e), { cause: e });
        if (!first || this.index + 1 >= this.opts.llms.length) throw err;
        this.index++;
      }
    }
  }

  private request(): LlmRequest {
    const messages: LlmMessage[] = [{ role: 'system', content: this.opts.systemPrompt }];
    // An answer interrupted before any word was heard leaves nothing worth sending.
    for (const m of this.messages)
      if (m.role !== 'assistant' || m.content.trim() !== '' || m.toolCalls?.length) messages.push(m);
    const req: LlmRequest = { model: this.opts.model, messages };
    const defs = this.opts.tools?.definitions();
    if (defs?.length) req.tools = defs;
    if (this.opts.temperature !== undefined) req.temperature = this.opts.temperature;
    if (this.opts.maxTokens !== undefined) req.maxTokens = this.opts.maxTokens;
    return req;
  }

  private toolHost(signal: AbortSignal) {
    return {
      tools: this.opts.tools!,
      signal,
      lifetime: this.lifetime.signal,
      time: this.opts.time,
      messages: this.messages,
      notes: this.notes,
      push: (f: Frame) => this.push(f),
      spawn: (fn: () => Promise<void>) => this.spawn(fn),
    };
  }

  private flushNotes(): void {
    for (const n of this.notes.splice(0)) this.messages.push({ role: 'system', content: n });
  }

  private addAssistant(text: string, calls: LlmToolCall[] = []): Extract<LlmMessage, { role: 'assistant' }> {
    const msg: Extract<LlmMessage, { role: 'assistant' }> = { role: 'assistant', content: text };
    if (calls.length) msg.toolCalls = calls;
    this.messages.push(msg);
    return msg;
  }

  /** When the speech ends interrupted, cut its messages down to the words the caller heard. */
  private track(speech: SpeechHandle, msgs: Extract<LlmMessage, { role: 'assistant' }>[]): void {
    void speech.done.then((r) => cutToHeard(msgs, r));
  }

  private begin(speech: SpeechHandle): void {
    this.push({ kind: 'system', type: 'agent.speech_created', speech }, 'up');
    this.push(this.own(speech, { kind: 'control', type: 'speech.start', speech }));
  }

  /** Frames of a speech that cannot be interrupted must survive an interruption's queue purge. */
  private own<F extends Frame>(speech: SpeechHandle, frame: F): F {
    if (!speech.allowInterruptions) frame.uninterruptible = true;
    return frame;
  }

  private metric(name: 'llm_ttft', ms: number, provider: string): void {
    this.push({ kind: 'system', type: 'metric', name, ms, provider });
  }
}

/** Keep only as many words of `msgs` (in order) as the caller heard; idempotent. */
function cutToHeard(msgs: Extract<LlmMessage, { role: 'assistant' }>[], r: SpeechResult): void {
  if (!r.interrupted) return;
  let heard = r.text.split(/\s+/).filter((w) => w.length > 0).length;
  for (const m of msgs) {
    const words = m.content.split(/\s+/).filter((w) => w.length > 0);
    if (words.length > heard) m.content = words.slice(0, heard).join(' ');
    heard = Math.max(0, heard - words.length);
  }
}
