import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { mulawDecode, mulawEncode } from '../../src/pipeline/audio/mulaw.ts';
import { streamOf } from '../../src/providers/telephony/testing/twilio-voice-double.ts';
import {
  twilioSignature,
  twilioSignatureHeader,
} from '../../src/providers/telephony/twilio/twilio-signature.ts';
import type { CallerSentence } from '../scenario/caller-audio.ts';
import { CallerScript } from '../scenario/caller-script.ts';
import { reference } from '../scenario/reference.ts';

export interface TwilioLine {
  /** Parley's public URL (what the voice webhook is signed against). */
  serverUrl: string;
  accountSid: string;
  authToken: string;
  /** The Parley number being called. */
  to: string;
}

const hex = (n: number) => randomBytes(n).toString('hex');
const frameBytes = (reference.sampleRate * reference.frameMs) / 1000;
/** Silence after the last agent audio played that ends the reply. */
const replyQuietMs = 300;

/**
 * One inbound phone call as Twilio places it: the signed voice webhook, the `<Connect><Stream>` it
 * answers with, then a Media Streams WebSocket carrying the scripted caller as μ-law and playing the
 * agent's audio in real time (marks echoed once the audio before them has played, `clear` drops it).
 */
export class TwilioCaller {
  readonly script: CallerScript;
  private ws: WebSocket | undefined;
  readonly streamSid = `MZ${hex(16)}`;
  private readonly callSid = `CA${hex(16)}`;
  private seq = 1;
  private chunk = 1;
  private playEnd = 0;
  private idle: NodeJS.Timeout | undefined;
  private readonly marks = new Map<string, NodeJS.Timeout>();
  clears = 0;
  /** Voice webhook posted → its TwiML read (ms), once connected. */
  webhookMs: number | undefined;
  /** TwiML read → Media Streams WebSocket open (ms), once connected. */
  streamOpenMs: number | undefined;

  constructor(
    readonly index: number,
    private readonly line: TwilioLine,
    sentences: readonly CallerSentence[],
    barge?: CallerSentence,
  ) {
    this.script = new CallerScript(index, sentences, { send: (pcm) => this.sendMedia(pcm) }, barge);
  }

  /** Ring Parley and open the media stream; resolves once `start` is sent. */
  async connect(): Promise<void> {
    const url = `${this.line.serverUrl}/v1/carriers/twilio/voice`;
    const params = {
      AccountSid: this.line.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: this.callSid,
      CallStatus: 'ringing',
      Direction: 'inbound',
      From: `+1415555${String(1000 + (this.index % 9000)).padStart(4, '0')}`,
      To: this.line.to,
    };
    const posted = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        [twilioSignatureHeader]: twilioSignature(this.line.authToken, url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    const twiml = await res.text();
    const stream = streamOf(twiml);
    if (!res.ok || !stream) throw new Error(`voice webhook answered ${res.status}: ${twiml.slice(0, 300)}`);
    const answered = performance.now();
    const ws = new WebSocket(stream.url);
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    this.webhookMs = answered - posted;
    this.streamOpenMs = performance.now() - answered;
    ws.on('message', (data) => this.onMessage(String(data)));
    this.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    this.send({
      event: 'start',
      sequenceNumber: String(this.seq++),
      start: {
        accountSid: this.line.accountSid,
        streamSid: this.streamSid,
        callSid: this.callSid,
        tracks: ['inbound'],
        customParameters: stream.params,
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
      streamSid: this.streamSid,
    });
  }

  /** Send one 20 ms caller frame outside the script (the soak's short calls). */
  sendFrame(pcm: Int16Array): void {
    this.sendMedia(pcm);
  }

  /** Hang up: `stop`, then close the socket. */
  hangup(): void {
    clearTimeout(this.idle);
    for (const t of this.marks.values()) clearTimeout(t);
    if (this.ws?.readyState === WebSocket.OPEN) {
      this.send({ event: 'stop', sequenceNumber: String(this.seq++), streamSid: this.streamSid, stop: {} });
      this.ws.close(1000);
    }
  }

  private send(msg: unknown) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private sendMedia(pcm: Int16Array) {
    const payload = Buffer.from(mulawEncode(pcm)).toString('base64');
    this.send({
      event: 'media',
      sequenceNumber: String(this.seq++),
      media: {
        track: 'inbound',
        chunk: String(this.chunk),
        timestamp: String((this.chunk - 1) * 20),
        payload,
      },
      streamSid: this.streamSid,
    });
    this.chunk++;
  }

  private onMessage(text: string) {
    const now = performance.now();
    const m = JSON.parse(text) as { event: string; media?: { payload: string }; mark?: { name: string } };
    if (m.event === 'media' && m.media) {
      const bytes = Buffer.from(m.media.payload, 'base64');
      mulawDecode(bytes);
      // Twilio plays what it is sent through a buffer: each 20 ms frame counts when it starts playing
      // (at once if the buffer ran dry), so pacing gaps and underruns are what the caller hears.
      let at = Math.max(now, this.playEnd);
      for (let off = 0; off < bytes.length; off += frameBytes) {
        this.script.agentFrame(at);
        at += reference.frameMs;
      }
      this.playEnd = Math.max(now, this.playEnd) + (bytes.length / reference.sampleRate) * 1000;
      clearTimeout(this.idle);
      // The reply is over once playout ran dry and nothing more came for a while (an underrun is not an end).
      this.idle = setTimeout(() => this.script.agentFinished(), this.playEnd - now + replyQuietMs);
    } else if (m.event === 'mark' && m.mark) {
      const name = m.mark.name;
      const t = setTimeout(
        () => {
          this.marks.delete(name);
          this.send({
            event: 'mark',
            sequenceNumber: String(this.seq++),
            streamSid: this.streamSid,
            mark: { name },
          });
        },
        Math.max(0, this.playEnd - now),
      );
      this.marks.set(name, t);
    } else if (m.event === 'clear') {
      this.clears++;
      this.script.agentCleared(now);
      this.playEnd = now;
      for (const [name, t] of this.marks) {
        clearTimeout(t);
        this.send({
          event: 'mark',
          sequenceNumber: String(this.seq++),
          streamSid: this.streamSid,
          mark: { name },
        });
      }
      this.marks.clear();
    }
  }
}
