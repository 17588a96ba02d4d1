/** One Server-Sent Event: `event` is absent for unnamed events; multi-line `data` is joined with "\n". */
export interface SseEvent {
  event: string | undefined;
  data: string;
}

/** Parse a byte stream as text/event-stream (WHATWG rules: LF, CR or CRLF lines; ":" comments; blank line ends an event). */
export async function* parseSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buf = '';
  let event: string | undefined;
  let data: string[] = [];
  const takeLine = (line: string): SseEvent | undefined => {
    if (line === '') {
      if (data.length === 0) {
        event = undefined;
        return undefined;
      }
      const out = { event, data: data.join('\n') };
      event = undefined;
      data = [];
      return out;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    return undefined;
  };
  for await (const bytes of body) {
    buf += decoder.decode(bytes, { stream: true });
    for (;;) {
      const m = /\r\n|\r|\n/.exec(buf);
      // A lone trailing CR may be the first half of CRLF: wait for more bytes.
      if (!m || (m[0] === '\r' && m.index === buf.length - 1)) break;
      const line = buf.slice(0, m.index);
      buf = buf.slice(m.index + m[0].length);
      const ev = takeLine(line);
      if (ev) yield ev;
    }
  }
  buf += decoder.decode();
  if (buf !== '') {
    const ev = takeLine(buf.replace(/\r$/, ''));
    if (ev) yield ev;
  }
  const last = takeLine('');
  if (last) yield last;
}

/** JSON.parse that answers undefined instead of throwing (vendor data is validated with zod after). */
export function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
