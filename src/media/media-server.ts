import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../lib/logger.ts';

/** Handles one accepted WebSocket; `url` is the request URL (path + query). */
export type MediaEndpoint = (ws: WebSocket, req: IncomingMessage, url: URL) => void;

/** Largest message any media endpoint accepts (a Twilio/Telnyx media frame is ~250 bytes; browser frames 640). */
const maxPayload = 256 * 1024;

/**
 * The WebSocket side of Parley's one HTTP server: carrier media streams and browser web calls are
 * upgraded here, by exact path, on the same port as the API (decisions §8 `PORT`).
 */
export class MediaServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload });
  private readonly sockets = new Set<WebSocket>();

  constructor(
    private readonly endpoints: Record<string, MediaEndpoint>,
    private readonly logger: Logger,
  ) {}

  /** Route the server's upgrade requests; unknown paths get 404 and are closed. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(req, socket, head),
    );
  }

  /** Close every open media socket (shutdown). */
  close(): void {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://parley.local');
    const endpoint = this.endpoints[url.pathname.replace(/\/+$/, '')];
    if (!endpoint || (req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    socket.on('error', () => socket.destroy());
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      try {
        endpoint(ws, req, url);
      } catch (err) {
        this.logger.error({ err, path: url.pathname }, 'media endpoint failed');
        ws.close(1011, 'internal error');
      }
    });
  }
}
