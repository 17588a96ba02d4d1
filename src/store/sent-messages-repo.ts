import type { SentMessage, SentMessageRepo } from '../domain/message/sent-message.ts';
import { iso } from './convert.ts';
import type { Db } from './db.ts';
import type { Row } from './schema.ts';

const toMessage = (r: Row<'sent_messages'>): SentMessage => ({
  id: r.id,
  call_id: r.call_id,
  tool_name: r.tool_name,
  channel: r.channel as SentMessage['channel'],
  provider: r.provider,
  provider_message_id: r.provider_message_id,
  from: r.from_address,
  to: r.to_address,
  subject: r.subject,
  body: r.body,
  status: r.status as SentMessage['status'],
  error: r.error,
  created_at: iso(r.created_at),
});

export class PgSentMessageRepo implements SentMessageRepo {
  constructor(private readonly db: Db) {}

  async insert(orgId: string, m: Omit<SentMessage, 'created_at'>): Promise<void> {
    await this.db
      .insertInto('sent_messages')
      .values({
        id: m.id,
        org_id: orgId,
        call_id: m.call_id,
        tool_name: m.tool_name,
        channel: m.channel,
        provider: m.provider,
        provider_message_id: m.provider_message_id,
        from_address: m.from,
        to_address: m.to,
        subject: m.subject,
        body: m.body,
        status: m.status,
        error: m.error,
      })
      .execute();
  }

  async listForCall(orgId: string, callId: string): Promise<SentMessage[]> {
    const rows = await this.db
      .selectFrom('sent_messages')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('call_id', '=', callId)
      .orderBy('id')
      .execute();
    return rows.map(toMessage);
  }
}
