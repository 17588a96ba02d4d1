import { errors } from '../errors.ts';
import { isId, newId } from '../ids.ts';
import type { SentMessage, SentMessageInput, SentMessageRepo } from './sent-message.ts';

/** The outbound message log of calls: written by the engine's action tools, read per call. */
export class SentMessageService {
  constructor(
    private readonly repo: SentMessageRepo,
    private readonly calls: { get(orgId: string, id: string): Promise<unknown> },
  ) {}

  /** Record one send; the log is the sim carrier's outbox and the dashboard's view of what went out. */
  async record(orgId: string, m: SentMessageInput): Promise<void> {
    await this.repo.insert(orgId, {
      id: newId('message'),
      call_id: m.callId,
      tool_name: m.toolName,
      channel: m.channel,
      provider: m.provider,
      provider_message_id: m.providerMessageId,
      from: m.from,
      to: m.to,
      subject: m.subject,
      body: m.body,
      status: m.status,
      error: m.error,
    });
  }

  /** Every SMS and email of a call in this workspace, oldest first; CALL_NOT_FOUND otherwise. */
  async listForCall(orgId: string, callId: string): Promise<SentMessage[]> {
    const call = isId('call', callId) ? await this.calls.get(orgId, callId) : undefined;
    if (!call) throw errors.notFound('call', callId);
    return this.repo.listForCall(orgId, callId);
  }
}
