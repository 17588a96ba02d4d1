import { DEFAULT_API_CONNECT_OPTIONS, llm } from '@livekit/agents';
import { reference, replyChunks } from '../../scenario/reference.ts';

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/** The reference LLM double: first token after 200 ms, then the 20-word reply in 3-word chunks every 20 ms. */
class ReferenceLlmStream extends llm.LLMStream {
  protected async run(): Promise<void> {
    const signal = this.abortController.signal;
    await sleep(reference.llmTtftMs, signal);
    const chunks = replyChunks();
    for (let i = 0; i < chunks.length && !signal.aborted; i++) {
      if (i > 0) await sleep(reference.chunkIntervalMs, signal);
      this.queue.put({ id: 'reference', delta: { role: 'assistant', content: chunks[i]! } });
    }
  }
}

export class ReferenceLlm extends llm.LLM {
  label(): string {
    return 'reference-llm';
  }
  chat({ chatCtx, toolCtx }: { chatCtx: llm.ChatContext; toolCtx?: llm.ToolContext }): llm.LLMStream {
    return new ReferenceLlmStream(this, {
      chatCtx,
      ...(toolCtx ? { toolCtx } : {}),
      connOptions: DEFAULT_API_CONNECT_OPTIONS,
    });
  }
}
