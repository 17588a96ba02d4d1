import type { LlmToolCall, LlmToolDef } from '../../providers/llm/llm.ts';
import { type ApiCallDeps, apiCallParameters, runApiCall } from './api-call.ts';
import { runEndCall, runTransferCall } from './call-tools.ts';
import { extractionParameters, runExtractInformation } from './extract-information.ts';
import {
  type CallControl,
  type ExtractedDataSink,
  parseArguments,
  type ToolBehaviour,
  type ToolOutcome,
  type ToolRunner,
  type ToolSpec,
  type ToolTypeExecutor,
} from './tool-runner.ts';

export interface AgentToolsDeps extends ApiCallDeps {
  control: CallControl;
  extracted: ExtractedDataSink;
  /** Said while a `speak_during_execution` tool runs. */
  fillerText?: string;
  /** Runners for further tool types by `type` (send_sms, send_email, schedule_calendar_event). */
  executors?: Partial<Record<string, ToolTypeExecutor>>;
}

const DEFAULT_FILLER = 'One moment, please.';

const noParameters = { type: 'object', properties: {}, required: [] };

/** Descriptions the model reads when a tool has none of its own. */
const defaultDescriptions: Record<string, string> = {
  end_call: 'End the call. Use it after saying goodbye, when the conversation is over.',
  transfer_call: 'Transfer the caller to a human colleague.',
  extract_information: 'Record information the caller gave.',
};

/** The tools attached to an agent's model, run for one call. */
export class AgentToolRunner implements ToolRunner {
  private readonly byName = new Map<string, ToolSpec>();

  constructor(
    specs: readonly ToolSpec[],
    private readonly deps: AgentToolsDeps,
  ) {
    for (const s of specs) this.byName.set(s.name, s);
  }

  definitions(): LlmToolDef[] {
    return [...this.byName.values()].map((s) => ({
      name: s.name,
      description:
        s.description ??
        defaultDescriptions[s.type] ??
        this.deps.executors?.[s.type]?.defaultDescription(s) ??
        s.name,
      parameters: this.parameters(s),
    }));
  }

  behaviour(name: string): ToolBehaviour {
    const s = this.byName.get(name);
    const b: ToolBehaviour = { background: s?.type === 'api_call' && s.run_in_background === true };
    if (s?.speak_during_execution) b.filler = this.deps.fillerText ?? DEFAULT_FILLER;
    return b;
  }

  async run(call: LlmToolCall, signal: AbortSignal): Promise<ToolOutcome> {
    const spec = this.byName.get(call.name);
    if (!spec) return { result: { error: `there is no tool named ${call.name}` } };
    const parsed = parseArguments(call.arguments);
    if (!parsed.ok) return { result: { error: parsed.error } };
    switch (spec.type) {
      case 'end_call':
        return runEndCall(this.deps.control);
      case 'transfer_call':
        return runTransferCall(this.deps.control, spec.transfer_to);
      case 'extract_information':
        return runExtractInformation(spec, parsed.args, this.deps.extracted);
      case 'api_call':
        return runApiCall(spec, parsed.args, this.deps, signal);
      default: {
        const executor = this.deps.executors?.[spec.type];
        if (executor) return executor.run(spec, parsed.args, signal);
        return { result: { error: `${spec.type} tools are not supported during calls yet` } };
      }
    }
  }

  private parameters(s: ToolSpec): Record<string, unknown> {
    if (s.type === 'api_call') return apiCallParameters(s);
    if (s.type === 'extract_information') return extractionParameters(s);
    return this.deps.executors?.[s.type]?.parameters(s) ?? noParameters;
  }
}
