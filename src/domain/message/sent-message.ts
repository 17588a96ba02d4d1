/** An SMS or email an action tool sent (or tried to send) during a call: the call's outbound message log. */
export interface SentMessage {
  id: string;
  call_id: string;
  /** The tool that sent it. */
  tool_name: string;
  channel: 'sms' | 'email';
  /** sim, twilio, telnyx, resend, sendgrid. */
  provider: string;
  /** The provider's message id; null when nothing was accepted. */
  provider_message_id: string | null;
  /** The call's number or the verified email sender; null when it could not be resolved. */
  from: string | null;
  to: string;
  subject: string | null;
  body: string;
  status: 'sent' | 'failed';
  /** Why it failed, as the agent was told. */
  error: string | null;
  created_at: string;
}

/** What the engine reports for one send (the pipeline's SentMessageEntry). */
export interface SentMessageInput {
  callId: string;
  toolName: string;
  channel: 'sms' | 'email';
  provider: string;
  providerMessageId: string | null;
  from: string | null;
  to: string;
  subject: string | null;
  body: string;
  status: 'sent' | 'failed';
  error: string | null;
}

export interface SentMessageRepo {
  insert(orgId: string, m: Omit<SentMessage, 'created_at'>): Promise<void>;
  /** Oldest first. */
  listForCall(orgId: string, callId: string): Promise<SentMessage[]>;
}
