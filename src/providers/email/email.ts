/** One plain-text email. `from` is `ops@acme.com` or `Acme <ops@acme.com>` and must be a verified sender. */
export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** Lets a provider that supports it drop a duplicate of the same send (Resend's Idempotency-Key). */
  idempotencyKey?: string | undefined;
}

/** The provider accepted the email for delivery. */
export interface SentEmail {
  /** The provider's message id, when it returns one. */
  id: string | null;
  provider: string;
}

/** Sends email through one provider account; throws ProviderError when refused or unreachable. */
export interface EmailSender {
  readonly provider: string;
  send(email: OutgoingEmail, signal?: AbortSignal): Promise<SentEmail>;
}

const named = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>$/;

/** Split `Acme <ops@acme.com>` into name and address (name undefined for a bare address). */
export function parseMailbox(mailbox: string): { email: string; name?: string } {
  const m = named.exec(mailbox.trim());
  if (!m) return { email: mailbox.trim() };
  const name = m[1]!.replace(/^"|"$/g, '').trim();
  return name ? { email: m[2]!, name } : { email: m[2]! };
}
