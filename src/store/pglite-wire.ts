import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { serialize } from 'pg-protocol';
import type { BackendMessage } from 'pg-protocol/dist/messages';
import { Parser } from 'pg-protocol/dist/parser';
import { ArrayRowClient } from './hot-reads.ts';
import { PgliteSession } from './pglite-session.ts';
import type { PgliteBackend } from './pglite-worker-host.ts';

type Serialize = typeof serialize;

/**
 * node-postgres' Connection over an embedded PGlite, speaking the wire protocol as a socket would:
 * a query's messages (Parse, Bind, Describe, Execute) are held until its Sync or Flush and go to
 * PGlite as one call, and the reply is read once, by pg-protocol's parser (the one pg uses on a
 * socket). PGlite's own adapter (`@electric-sql/pglite/node-postgres`) made one call per message
 * and parsed every reply twice, once with its slower reader: ≈ 1.6× this one's cost per API request.
 */
export class PgliteWireConnection extends EventEmitter {
  _connecting = false;
  _emitMessage = false;
  // Prepared statements belong to the one session, whichever client parsed them.
  readonly parsedStatements: Record<string, string>;
  readonly submittedNamedStatements: Record<string, string>;
  /** pg destroys the stream on a connect timeout or a hung query: here that ends the session. */
  readonly stream = { destroy: () => this.end() };
  private pending: Buffer[] = [];
  private chain: Promise<void> = Promise.resolve();
  private readonly parser = new Parser();
  private readonly onMessage = (msg: BackendMessage) => {
    if (this._emitMessage) this.emit('message', msg);
    this.emit(msg.name === 'error' ? 'errorMessage' : msg.name, msg);
  };

  constructor(private readonly session: PgliteSession) {
    super();
    this.parsedStatements = session.parsedStatements;
    this.submittedNamedStatements = session.submittedNamedStatements;
    this.on('newListener', (event) => {
      if (event === 'message') this._emitMessage = true;
    });
  }

  /** PGlite needs no startup: the worker's instance is ready, so the session is at once. */
  connect(): void {
    this._connecting = true;
    process.nextTick(() => this.emit('readyForQuery', { name: 'readyForQuery', status: 'I' }));
  }

  // Messages that expect no answer on their own wait for the Sync or Flush that follows them.
  parse(q: Parameters<Serialize['parse']>[0]): void {
    this.pending.push(serialize.parse(q));
  }
  bind(c: Parameters<Serialize['bind']>[0]): void {
    this.pending.push(serialize.bind(c));
  }
  describe(m: Parameters<Serialize['describe']>[0]): void {
    this.pending.push(serialize.describe(m));
  }
  execute(c: Parameters<Serialize['execute']>[0]): void {
    this.pending.push(serialize.execute(c));
  }
  close(m: Parameters<Serialize['close']>[0]): void {
    this.pending.push(serialize.close(m));
  }
  sync(): void {
    this.send(serialize.sync());
  }
  flush(): void {
    this.send(serialize.flush());
  }
  query(text: string): void {
    this.send(serialize.query(text));
  }
  sendCopyFromChunk(chunk: Buffer): void {
    this.send(serialize.copyData(chunk));
  }
  endCopyFrom(): void {
    this.send(serialize.copyDone());
  }
  sendCopyFail(message: string): void {
    this.send(serialize.copyFail(message));
  }

  // Authentication and cancellation have no meaning in a single-user embedded session.
  requestSsl(): void {}
  startup(): void {}
  password(): void {}
  cancel(): void {}
  ref(): void {}
  unref(): void {}

  /** Close this client's session; the PGlite instance stays open for the pool's next client. */
  end(): void {
    this.pending = [];
    this.chain = this.chain
      .then(() => this.session.abandon(this))
      .catch(() => {})
      .then(() => {
        this.emit('end');
      });
  }

  private send(last: Buffer): void {
    this.pending.push(last);
    const message = this.pending.length === 1 ? last : Buffer.concat(this.pending);
    this.pending = [];
    this.chain = this.chain
      .then(async () => {
        const reply = await this.session.exec(this, message);
        if (reply.length)
          this.parser.parse(Buffer.from(reply.buffer, reply.byteOffset, reply.length), this.onMessage);
      })
      .catch((e: unknown) => {
        this.emit('error', e);
      });
  }
}

/**
 * The store's pg Client class (ArrayRowClient), each instance talking over its own
 * PgliteWireConnection to `backend`'s one session (PgliteSession): a pool of them pipelines
 * autocommit statements, and a transaction has the session to itself.
 */
export function pgliteClient(backend: PgliteBackend): typeof ArrayRowClient {
  const session = new PgliteSession(backend);
  return class extends ArrayRowClient {
    constructor(config: pg.ClientConfig = {}) {
      // pg's Client takes a ready-made `connection`, which its typings leave out.
      super({ ...config, connection: new PgliteWireConnection(session) } as pg.ClientConfig);
    }
  };
}
