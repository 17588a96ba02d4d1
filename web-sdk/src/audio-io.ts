/** The SDK's worklets, next to this module; `?no-inline` makes bundlers emit a file (a data: URL fails under `script-src 'self'`). */
const defaultWorkletUrl = new URL('./audio-worklets.js?no-inline', import.meta.url);

export interface AudioIoOptions {
  /** Override where `audio-worklets.js` is served from (e.g. when the SDK is inlined). */
  workletUrl?: string | URL | undefined;
  /** A microphone stream you already have; default: `getUserMedia({audio: …})`. */
  stream?: MediaStream | undefined;
}

/**
 * The browser's audio for a call: microphone → 16 kHz PCM16 20 ms frames (`onFrame`), and agent
 * PCM16 at 16 kHz → speakers with playout marks (`onMark` once everything before a mark has played).
 */
export class AudioIo {
  private ctx: AudioContext | undefined;
  private capture: AudioWorkletNode | undefined;
  private playback: AudioWorkletNode | undefined;
  private stream: MediaStream | undefined;
  private ownsStream = false;

  constructor(
    private readonly onFrame: (pcm: ArrayBuffer) => void,
    private readonly onMark: (name: string) => void,
  ) {}

  async start(opts: AudioIoOptions = {}): Promise<void> {
    this.ownsStream = !opts.stream;
    this.stream =
      opts.stream ??
      (await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
      }));
    const ctx = new AudioContext();
    this.ctx = ctx;
    await ctx.audioWorklet.addModule(opts.workletUrl ?? defaultWorkletUrl);
    if (ctx.state === 'suspended') await ctx.resume();
    this.capture = new AudioWorkletNode(ctx, 'parley-capture', { numberOfInputs: 1, numberOfOutputs: 0 });
    this.capture.port.onmessage = (e: MessageEvent<ArrayBuffer>) => this.onFrame(e.data);
    ctx.createMediaStreamSource(this.stream).connect(this.capture);
    this.playback = new AudioWorkletNode(ctx, 'parley-playback', {
      numberOfInputs: 0,
      outputChannelCount: [1],
    });
    this.playback.port.onmessage = (e: MessageEvent<{ type: string; name: string }>) => {
      if (e.data.type === 'mark') this.onMark(e.data.name);
    };
    this.playback.connect(ctx.destination);
  }

  /** Agent audio: PCM16 little-endian at 16 kHz. */
  play(pcm: ArrayBuffer): void {
    this.playback?.port.postMessage({ type: 'audio', pcm }, [pcm]);
  }

  mark(name: string): void {
    this.playback?.port.postMessage({ type: 'mark', name });
  }

  /** Drop agent audio not yet played (barge-in); pending marks are reported at once. */
  clear(): void {
    this.playback?.port.postMessage({ type: 'clear' });
  }

  setMuted(muted: boolean): void {
    this.capture?.port.postMessage({ type: 'mute', muted });
  }

  async stop(): Promise<void> {
    if (this.ownsStream) for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.capture?.disconnect();
    this.playback?.disconnect();
    await this.ctx?.close().catch(() => undefined);
    this.ctx = undefined;
  }
}
