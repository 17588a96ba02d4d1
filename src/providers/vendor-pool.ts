import http from 'node:http';
import https from 'node:https';
import net, { type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** How long a connection may sit idle in the pool (and a warmed one wait for its request). */
const idleTimeoutMs = 30_000;
const warmed = Symbol('parley.warmedSocket');
/** What ends a spare before a request takes it: it failed, the server closed it, or it idled out. */
const events = ['error', 'close', 'end', 'timeout'] as const;

type ConnectionOptions = http.RequestOptions & { _agentKey?: string };
type Created = (err: Error | null, stream: Duplex) => void;
type AgentClass = new (opts: http.AgentOptions) => http.Agent;

/** A keep-alive pool that can also open one connection ahead of the request that will use it. */
export interface WarmablePool extends http.Agent {
  /** Open a connection to `url`'s origin unless one is idle or already opening; sends nothing. */
  warm(url: URL): void;
}

/**
 * Node's pool opens a connection only when a request asks for one, so a call's first turn (and any
 * turn after the pool went idle) pays the TCP and TLS handshakes. This pool can open one ahead (a
 * call starting, a caller starting to speak) and hands it to the next request for that origin
 * through `createConnection`, the agent's documented hook for producing sockets.
 */
function warmable(Base: AgentClass): new (opts: http.AgentOptions) => WarmablePool {
  return class extends Base implements WarmablePool {
    /** At most one opened-ahead connection per origin, with the listener that drops it. */
    private readonly spares = new Map<string, { socket: Socket; drop: () => void }>();

    warm(url: URL): void {
      const options = this.optionsFor(url);
      const name = this.getName(options);
      if (this.spares.has(name) || (this.freeSockets[name]?.length ?? 0) > 0) return;
      options._agentKey = name;
      const socket = Base.prototype.createConnection.call(this, options) as Socket;
      const drop = () => {
        if (this.spares.get(name)?.socket === socket) this.spares.delete(name);
        socket.destroy();
      };
      // Best effort: a spare that fails or idles out is dropped; the request opens its own as before.
      for (const event of events) socket.on(event, drop);
      socket.setTimeout(idleTimeoutMs);
      socket.unref();
      (socket as Socket & { [warmed]?: boolean })[warmed] = true;
      this.spares.set(name, { socket, drop });
    }

    override createConnection(options: ConnectionOptions, cb?: Created): Duplex | null | undefined {
      const name = options._agentKey ?? this.getName(options);
      const spare = this.spares.get(name);
      if (spare) {
        this.spares.delete(name);
        const { socket, drop } = spare;
        for (const event of events) socket.off(event, drop);
        if (!socket.destroyed && !socket.readableEnded) {
          // As a socket the agent opened itself: its idle timeout while in use, and holding the process open.
          socket.setTimeout(this.agentOptions.timeout ?? 0);
          socket.ref();
          return socket;
        }
        socket.destroy();
      }
      return Base.prototype.createConnection.call(this, options, cb);
    }

    /** What the agent was made with (Node keeps them on `options`, which it does not type). */
    private get agentOptions(): http.AgentOptions {
      return (this as unknown as { options: http.AgentOptions }).options;
    }

    /** The options a request to `url` reaches the agent with (host, port, TLS server name). */
    private optionsFor(url: URL): ConnectionOptions & { servername?: string } {
      const secure = url.protocol === 'https:';
      const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
      const port = Number(url.port) || (secure ? 443 : 80);
      const options: ConnectionOptions & { servername?: string } = { ...this.agentOptions, host, port };
      if (secure) options.servername = net.isIP(host) ? '' : host;
      return options;
    }
  };
}

/**
 * Keep-alive pools shared by every call: a turn reuses a warm connection instead of a new handshake.
 * With a `timeout` Node also honours a server's `Keep-Alive: timeout=n` and drops an idle socket a
 * second before the server would (without one it ignores the hint).
 */
export const vendorAgents: Record<'http:' | 'https:', WarmablePool> = {
  'http:': new (warmable(http.Agent))({ keepAlive: true, timeout: idleTimeoutMs }),
  'https:': new (warmable(https.Agent as unknown as AgentClass))({ keepAlive: true, timeout: idleTimeoutMs }),
};

/** Open a pooled connection to `url`'s origin ahead of a request (no-op for other protocols or a bad URL). */
export function warmConnection(url: string): void {
  try {
    const target = new URL(url);
    vendorAgents[target.protocol as keyof typeof vendorAgents]?.warm(target);
  } catch {
    // Best effort, called from the audio path: a URL or socket option Node rejects leaves the request to open its own.
  }
}

/** Whether a socket came from `warmConnection` (its first request may meet a connection the server just closed). */
export function wasWarmed(socket: Socket | null | undefined): boolean {
  return !!socket && (socket as Socket & { [warmed]?: boolean })[warmed] === true;
}

/** Whether the pool holds an idle connection to `url`'s host and port (tests check reuse with it). */
export function hasIdleConnection(url: string): boolean {
  const u = new URL(url);
  const agent = vendorAgents[u.protocol as keyof typeof vendorAgents];
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  return !!agent && Object.keys(agent.freeSockets).some((k) => k.startsWith(`${u.hostname}:${port}:`));
}
