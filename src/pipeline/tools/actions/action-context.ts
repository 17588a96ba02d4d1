import type { SentMessageInput } from '../../../domain/message/sent-message.ts';
import type { Clock } from '../../../lib/clock.ts';
import type { Calendar } from '../../../providers/calendar/calendar.ts';
import type { EmailSender } from '../../../providers/email/email.ts';
import type { SmsSender } from '../../../providers/messaging/sms.ts';

/** The Parley number a phone call runs on (the sender of its SMS). */
export interface CallLine {
  phoneNumber: string;
  phoneNumberId: string | null;
  carrier: string;
}

/** Who and what the action tools act for: one call of one workspace. */
export interface ActionCallContext {
  orgId: string;
  callId: string;
  /** Null on web calls (no number to text from). */
  line: CallLine | null;
  /** The other party's number (the caller of an inbound call, the callee of an outbound one). */
  otherParty: string | null;
  /** The call's variables (agent dynamic variables overridden by the call's). */
  variables: Record<string, unknown>;
}

/**
 * Provider clients for the action tools, resolved inside the call's workspace only; each throws
 * an Error whose message says what is missing (no carrier account, unknown integration…).
 */
export interface ActionProviders {
  sms(orgId: string, line: CallLine): Promise<SmsSender>;
  /** The sender and its verified `from` (the integration's `metadata.from`). */
  email(orgId: string, credentialId: string): Promise<{ sender: EmailSender; from: string }>;
  calendar(orgId: string, credentialId: string): Promise<Calendar>;
}

/** One SMS or email an action tool tried to send (the call's outbound message log). */
export type SentMessageEntry = SentMessageInput;

/** Where sends are recorded (`sent_messages`); the sim carrier's outbox is this log. */
export interface SentMessageLog {
  record(orgId: string, entry: SentMessageEntry): Promise<void>;
}

export interface ActionDeps {
  providers: ActionProviders;
  log: SentMessageLog;
  clock: Clock;
  /** Told when the log cannot be written (the send itself already happened). */
  onLogError?: ((error: unknown) => void) | undefined;
}

/**
 * The context of a call record and its effective variables (agent `dynamic_variables` overridden by
 * the call's): which side is Parley's number depends on the direction.
 */
export function actionCallContext(
  call: {
    id: string;
    org_id: string;
    direction: 'inbound' | 'outbound';
    from_number: string | null;
    to_number: string | null;
    phone_number_id: string | null;
    carrier: string | null;
  },
  variables: Record<string, unknown>,
): ActionCallContext {
  const ours = call.direction === 'inbound' ? call.to_number : call.from_number;
  const theirs = call.direction === 'inbound' ? call.from_number : call.to_number;
  return {
    orgId: call.org_id,
    callId: call.id,
    line:
      ours && call.carrier
        ? { phoneNumber: ours, phoneNumberId: call.phone_number_id, carrier: call.carrier }
        : null,
    otherParty: theirs,
    variables,
  };
}

/** Write one send to the log; a log failure is reported, never turned into a failed send. */
export async function recordSend(deps: ActionDeps, orgId: string, entry: SentMessageEntry): Promise<void> {
  try {
    await deps.log.record(orgId, entry);
  } catch (e) {
    deps.onLogError?.(e);
  }
}
