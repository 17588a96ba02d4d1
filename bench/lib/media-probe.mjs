// Preloaded into a benched server (`node --import`): when each agent reply's first Twilio `media`
// message is handed to its WebSocket (performance.md's "first agent audio out"), over a window the
// bench marks with SIGUSR2 (first: start, second: write `{ starts: { streamSid: [epoch ms] } }` to
// MEDIA_PROBE_FILE). A reply starts with its stream's first media message after a quiet spell.
import fs from 'node:fs';
import WebSocket from 'ws';

const file = process.env.MEDIA_PROBE_FILE;
// Inside a reply the server sends every 40 ms; the caller's next sentence takes far longer than this.
const quietMs = 200;
// `twilioMediaProtocol.media` writes this prefix, then the stream's sid in quotes.
const prefix = '{"event":"media","streamSid":"';

if (file) {
  let lastSend = new Map();
  let starts = new Map();
  let measuring = false;
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function probedSend(data, ...rest) {
    if (measuring && typeof data === 'string' && data.startsWith(prefix)) {
      const now = performance.now();
      const sid = data.slice(prefix.length, data.indexOf('"', prefix.length));
      const prev = lastSend.get(sid);
      lastSend.set(sid, now);
      if (prev === undefined || now - prev > quietMs) {
        const list = starts.get(sid) ?? [];
        list.push(performance.timeOrigin + now);
        starts.set(sid, list);
      }
    }
    return send.call(this, data, ...rest);
  };
  process.on('SIGUSR2', () => {
    if (!measuring) {
      starts = new Map();
      lastSend = new Map();
      measuring = true;
      return;
    }
    measuring = false;
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ starts: Object.fromEntries(starts) }));
    fs.renameSync(`${file}.tmp`, file);
  });
}
