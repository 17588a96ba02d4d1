import { createHash } from 'node:crypto';
import { isEmail } from '../../../lib/formats.ts';
import type { ToolOutcome, ToolSpec, ToolTypeExecutor } from '../tool-runner.ts';
import type { ActionBudget } from './action-budget.ts';
import { type ActionCallContext, type ActionDeps, recordSend } from './action-context.ts';
import { describeFailure } from './action-failure.ts';
import { fillTemplate, modelFilled, placeholderProperties, readValues } from './message-template.ts';

const maxSubjectChars = 250;
const maxBodyChars = 50_000;
/** The argument the model fills when the tool sends to `caller` (docs/api-notes.md: the tool's `to` argument). */
const callerEmail = 'to';
const recipientHint =
  "The recipient's email address. Ask the caller to spell it, repeat it back, and only call this tool once they confirm.";

const fail = (error: string): ToolOutcome => ({ result: { error } });

/**
 * send_email: an email through the tool's Resend or SendGrid integration (`credential_id`), from
 * the integration's verified `metadata.from`. `to` is an address, a `{{variable}}` holding one, or
 * `caller` (the model asks for the address and passes it as `to`).
 */
export class SendEmailExecutor implements ToolTypeExecutor {
  constructor(
    private readonly deps: ActionDeps,
    private readonly ctx: ActionCallContext,
    private readonly budget: ActionBudget,
  ) {}

  defaultDescription(spec: ToolSpec): string {
    const to = spec.messaging_config?.to;
    return `Send an email to ${to === 'caller' ? 'the caller (ask for their address first)' : 'the configured recipient'}.`;
  }

  parameters(spec: ToolSpec): Record<string, unknown> {
    const { toNames, textNames } = this.names(spec);
    const properties: Record<string, unknown> = {
      ...placeholderProperties(textNames, 'email'),
      ...Object.fromEntries(toNames.map((n) => [n, { type: 'string', description: recipientHint }])),
    };
    return { type: 'object', properties, required: [...toNames, ...textNames] };
  }

  async run(spec: ToolSpec, args: Record<string, unknown>): Promise<ToolOutcome> {
    const cfg = spec.messaging_config;
    if (!cfg) return fail('this send_email tool has no messaging_config');
    if (!spec.credential_id)
      return fail('this send_email tool has no credential_id (a resend or sendgrid integration)');
    const { toNames, textNames } = this.names(spec);
    const read = readValues([...toNames, ...textNames], args);
    if ('error' in read) return fail(read.error);
    const vars = this.ctx.variables;
    const to =
      cfg.to === 'caller' ? { text: read.values[callerEmail]! } : fillTemplate(cfg.to, vars, read.values);
    const subject = fillTemplate(cfg.subject_template ?? '', vars, read.values);
    const body = fillTemplate(cfg.body_template, vars, read.values);
    for (const [what, r] of [
      ['recipient', to],
      ['subject', subject],
      ['body', body],
    ] as const)
      if ('error' in r) return fail(`the email ${what} has ${r.error}`);
    const address = (to as { text: string }).text.trim();
    if (!isEmail(address))
      return fail(`${address} is not a valid email address; ask the caller to spell it again`);
    const subjectLine = (subject as { text: string }).text.replace(/\s+/g, ' ').trim();
    if (!subjectLine) return fail('the email subject is empty');
    if (subjectLine.length > maxSubjectChars)
      return fail(`the subject would be longer than ${maxSubjectChars} characters`);
    const text = (body as { text: string }).text;
    if (text.length > maxBodyChars)
      return fail(`the email body would be longer than ${maxBodyChars} characters`);
    const key = `email|${address}|${subjectLine}|${text}`;
    return this.budget.sendOnce('email', key, 'email', () =>
      this.send(spec, { to: address, subject: subjectLine, text, key }),
    );
  }

  private async send(
    spec: ToolSpec,
    m: { to: string; subject: string; text: string; key: string },
  ): Promise<ToolOutcome> {
    const entry = {
      callId: this.ctx.callId,
      toolName: spec.name,
      channel: 'email' as const,
      to: m.to,
      subject: m.subject,
      body: m.text,
    };
    let from: string | null = null;
    let provider = 'email';
    try {
      const resolved = await this.deps.providers.email(this.ctx.orgId, spec.credential_id!);
      from = resolved.from;
      provider = resolved.sender.provider;
      const idempotencyKey = `parley-${this.ctx.callId}-${createHash('sha256').update(m.key).digest('hex').slice(0, 32)}`;
      // Not cancelled by an interruption: an email already on its way is reported, not abandoned.
      const sent = await resolved.sender.send({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        idempotencyKey,
      });
      await recordSend(this.deps, this.ctx.orgId, {
        ...entry,
        from,
        provider,
        providerMessageId: sent.id,
        status: 'sent',
        error: null,
      });
      return { result: { status: 'sent', to: m.to, subject: m.subject, message_id: sent.id, provider } };
    } catch (e) {
      const error = describeFailure('sending the email', e);
      await recordSend(this.deps, this.ctx.orgId, {
        ...entry,
        from,
        provider,
        providerMessageId: null,
        status: 'failed',
        error,
      });
      return fail(error);
    }
  }

  /** Model-filled names: the recipient's (from `to`) and the subject's and body's. */
  private names(spec: ToolSpec): { toNames: string[]; textNames: string[] } {
    const cfg = spec.messaging_config;
    if (!cfg) return { toNames: [], textNames: [] };
    const toNames = cfg.to === 'caller' ? [callerEmail] : modelFilled([cfg.to], this.ctx.variables);
    const textNames = modelFilled([cfg.subject_template ?? '', cfg.body_template], this.ctx.variables).filter(
      (n) => !toNames.includes(n),
    );
    return { toNames, textNames };
  }
}
