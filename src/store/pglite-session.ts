import type { PgliteBackend } from './pglite-worker-host.ts';

const Z = 0x5a; // ReadyForQuery
const Q = 0x51; // Query (simple protocol)
const P = 0x50; // Parse
const H = 0x48; // Flush
const d = 0x64; // CopyData

/** A statement that opens a transaction (BEGIN / START TRANSACTION), at the start of a query's text. */
const opensTransaction = /^\s*(?:begin|start\s+transaction)\b/i;

/**
 * Whether a batch of frontend messages must have PGlite's single session to itself until the
 * session is idle again. Extended-protocol batches ending in Sync are one autocommit statement each
 * and may be queued behind other clients' batches; a simple query may hold several statements (and
 * a BEGIN), a Flush leaves a portal open, COPY spans batches, and a Parse of BEGIN opens a transaction.
 */
export function holdsSession(message: Uint8Array): boolean {
  const first = message[0];
  if (first === Q || first === d) return true;
  if (message[message.length - 5] === H) return true;
  if (first !== P) return false;
  // Parse: type, length, statement name (C string), then the query text (C string).
  let at = 5;
  while (at < message.length && message[at] !== 0) at++;
  const start = at + 1;
  let end = start;
  while (end < message.length && message[end] !== 0 && end - start < 40) end++;
  return opensTransaction.test(
    Buffer.from(message.buffer, message.byteOffset + start, end - start).toString('latin1'),
  );
}

/** The transaction status in a reply's closing ReadyForQuery ('I' idle, 'T' in a transaction, 'E' failed one), if it has one. */
export function replyStatus(reply: Uint8Array): string | undefined {
  const n = reply.length;
  if (n < 6 || reply[n - 6] !== Z) return undefined;
  return String.fromCharCode(reply[n - 1]!);
}

/**
 * PGlite's one session, shared by every client of the store's pool. Autocommit statements from many
 * clients go into it back to back (the worker runs them one at a time, in order) instead of each
 * waiting for the one before it to come back across the event loop; a client that opens a
 * transaction (or sends anything else that needs the session alone) owns it until its reply shows
 * the session idle, and the others wait. Named prepared statements live in the session, so the
 * clients share what has been parsed.
 */
export class PgliteSession {
  /** The client whose transaction is open in the session. */
  private owner: object | undefined;
  private waiters: (() => void)[] = [];
  readonly parsedStatements: Record<string, string> = {};
  readonly submittedNamedStatements: Record<string, string> = {};

  constructor(private readonly backend: PgliteBackend) {}

  /** Run one batch of `client`'s messages and return the reply. */
  async exec(client: object, message: Uint8Array): Promise<Uint8Array> {
    while (this.owner !== undefined && this.owner !== client) await this.wait();
    if (this.owner === undefined && holdsSession(message)) this.owner = client;
    let reply: Uint8Array;
    try {
      reply = await this.backend.exec(message);
    } catch (e) {
      // The worker failed: there is no session left to hold.
      if (this.owner === client) this.release();
      throw e;
    }
    if (this.owner === client && replyStatus(reply) === 'I') this.release();
    return reply;
  }

  /** A client going away: end a transaction it left open so the next client starts clean. */
  async abandon(client: object): Promise<void> {
    if (this.owner !== client) return;
    try {
      await this.backend.exec(rollback);
    } finally {
      this.release();
    }
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    this.owner = undefined;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** A simple-protocol ROLLBACK (type, length 13, text and its terminator). */
const rollback = (() => {
  const text = Buffer.from('ROLLBACK\0', 'latin1');
  const m = Buffer.alloc(5 + text.length);
  m[0] = Q;
  m.writeInt32BE(4 + text.length, 1);
  text.copy(m, 5);
  return m;
})();
