// Audio worklets of the Parley web SDK (plain JavaScript: loaded by AudioWorklet.addModule as is).
// Capture: microphone at the context rate → 16 kHz PCM16 frames of 20 ms (boxcar-filtered decimation).
// Playback: agent PCM16 at 16 kHz → context rate (linear interpolation), with marks reported when played.

const RATE = 16000;
const FRAME = 320;

class ParleyCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / RATE;
    this.pos = 0;
    this.acc = 0;
    this.count = 0;
    this.frame = new Int16Array(FRAME);
    this.n = 0;
    this.muted = false;
    this.port.onmessage = (e) => {
      if (e.data?.type === 'mute') this.muted = !!e.data.muted;
    };
  }

  process(inputs) {
    const ch = inputs[0]?.[0];
    if (!ch) return true;
    for (let i = 0; i < ch.length; i++) {
      this.acc += ch[i];
      this.count++;
      this.pos += 1;
      if (this.pos < this.step) continue;
      this.pos -= this.step;
      const v = this.muted ? 0 : Math.max(-1, Math.min(1, this.acc / this.count));
      this.acc = 0;
      this.count = 0;
      this.frame[this.n++] = v < 0 ? v * 0x8000 : v * 0x7fff;
      if (this.n === FRAME) {
        this.port.postMessage(this.frame.buffer, [this.frame.buffer]);
        this.frame = new Int16Array(FRAME);
        this.n = 0;
      }
    }
    return true;
  }
}

class ParleyPlayback extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = RATE / sampleRate;
    this.queue = [];
    this.head = null;
    this.offset = 0;
    this.port.onmessage = (e) => this.onMessage(e.data);
  }

  onMessage(m) {
    if (m.type === 'audio') this.queue.push(new Int16Array(m.pcm));
    else if (m.type === 'mark') this.queue.push({ mark: m.name });
    else if (m.type === 'clear') {
      // Drop what has not played; marks waiting behind it count as played now.
      const pending = this.queue.splice(0);
      this.head = null;
      this.offset = 0;
      for (const x of pending)
        if (!(x instanceof Int16Array)) this.port.postMessage({ type: 'mark', name: x.mark });
    }
  }

  /** The next sample at the input rate, or null when nothing is queued (marks reached on the way are reported). */
  next() {
    for (;;) {
      if (this.head && this.offset < this.head.length) return this.head;
      this.head = null;
      this.offset = 0;
      const x = this.queue.shift();
      if (x === undefined) return null;
      if (x instanceof Int16Array) this.head = x;
      else this.port.postMessage({ type: 'mark', name: x.mark });
    }
  }

  process(_inputs, outputs) {
    const out = outputs[0][0];
    for (let i = 0; i < out.length; i++) {
      const buf = this.next();
      if (!buf) {
        out.fill(0, i);
        break;
      }
      const k = Math.floor(this.offset);
      const frac = this.offset - k;
      const a = buf[k] / 32768;
      const b = (k + 1 < buf.length ? buf[k + 1] : buf[k]) / 32768;
      out[i] = a + (b - a) * frac;
      this.offset += this.step;
    }
    for (let c = 1; c < outputs[0].length; c++) outputs[0][c].set(out);
    return true;
  }
}

registerProcessor('parley-capture', ParleyCapture);
registerProcessor('parley-playback', ParleyPlayback);
