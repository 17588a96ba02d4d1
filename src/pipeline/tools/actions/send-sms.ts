import { isE164 } from '../../../lib/formats.ts';
import type { ToolOutcome, ToolSpec, ToolTypeExecutor } from '../tool-runner.ts';
import type { ActionBudget } from './action-budget.ts';
import { type ActionCallContext, type ActionDeps, type CallLine, recordSend } from './action-context.ts';
import { describeFailure } from './action-failure.ts';
import { fillTemplate, modelFilled, placeholderProperties, readValues } from './message-template.ts';

/** Longest SMS body carriers accept (concatenated segments). */
export const maxSmsChars = 1600;

const fail = (error: string): ToolOutcome => ({ result: { error } });

/**
 * send_sms: a text from the call's own number through its carrier (sim, Twilio, Telnyx) to the
 * tool's `to` (an E.164 number, or `caller` = the other party of this call). Placeholders the call's
 * variables do not fill become required arguments for the model.
 */
export class SendSmsExecutor implements ToolTypeExecutor {
  constructor(
    private readonly deps: ActionDeps,
    private readonly ctx: ActionCallContext,
    private readonly budget: ActionBudget,
  ) {}

  defaultDescription(spec: ToolSpec): string {
    const to = spec.messaging_config?.to;
    return `Send a text message (SMS) to ${to === 'caller' ? 'the caller' : (to ?? 'the configured number')}.`;
  }

  parameters(spec: ToolSpec): Record<string, unknown> {
    const names = modelFilled([spec.messaging_config?.body_template ?? ''], this.ctx.variables);
    return { type: 'object', properties: placeholderProperties(names, 'text message'), required: names };
  }

  async run(spec: ToolSpec, args: Record<string, unknown>): Promise<ToolOutcome> {
    const cfg = spec.messaging_config;
    if (!cfg) return fail('this send_sms tool has no messaging_config');
    const read = readValues(modelFilled([cfg.body_template], this.ctx.variables), args);
    if ('error' in read) return fail(read.error);
    const filled = fillTemplate(cfg.body_template, this.ctx.variables, read.values);
    if ('error' in filled) return fail(`the message template has ${filled.error}`);
    const body = filled.text;
    if (body.length > maxSmsChars)
      return fail(`the text would be ${body.length} characters; an SMS may have at most ${maxSmsChars}`);
    const to = cfg.to === 'caller' ? this.ctx.otherParty : cfg.to;
    if (!to) return fail('there is no caller phone number on this call to text');
    if (!isE164(to))
      return fail(`${to} is not a phone number that can receive texts (E.164, e.g. +14155550123)`);
    const line = this.ctx.line;
    if (!line) return fail('this is a web call: there is no phone number to send a text from');
    return this.budget.sendOnce('sms', `sms|${to}|${body}`, 'text', () => this.send(spec, line, to, body));
  }

  private async send(spec: ToolSpec, line: CallLine, to: string, body: string): Promise<ToolOutcome> {
    const entry = {
      callId: this.ctx.callId,
      toolName: spec.name,
      channel: 'sms' as const,
      from: line.phoneNumber,
      to,
      subject: null,
      body,
    };
    try {
      const sender = await this.deps.providers.sms(this.ctx.orgId, line);
      // Not cancelled by an interruption: a text already on its way is reported, not abandoned.
      const sent = await sender.send({ from: line.phoneNumber, to, body });
      await recordSend(this.deps, this.ctx.orgId, {
        ...entry,
        provider: sent.provider,
        providerMessageId: sent.id,
        status: 'sent',
        error: null,
      });
      return { result: { status: 'sent', to, message_id: sent.id, carrier: sent.provider, text: body } };
    } catch (e) {
      const error = describeFailure('sending the text message', e);
      await recordSend(this.deps, this.ctx.orgId, {
        ...entry,
        provider: line.carrier,
        providerMessageId: null,
        status: 'failed',
        error,
      });
      return fail(error);
    }
  }
}
