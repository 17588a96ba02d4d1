import type { Clock } from '../../lib/clock.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { errors } from '../errors.ts';
import { isId } from '../ids.ts';
import { verifyRecordingSignature } from './recording-url.ts';

/** Where recordings are read from (the engine's RecordingStore, narrowed). */
export interface RecordingBlobs {
  get(key: string): Promise<Uint8Array | undefined>;
}

/** The stored recording key of a call, whatever its workspace (the signature is the authority). */
export interface RecordingKeyLookup {
  recordingKeyOf(callId: string): Promise<string | null | undefined>;
}

/** A byte range to serve, from an HTTP `Range` header. */
export type ByteRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/**
 * `GET /v1/recordings/{call_id}?expires=…&sig=…`: the signed link is the only credential, so a bad
 * or expired signature is 403 before anything about the call is revealed.
 */
export class RecordingAccess {
  constructor(
    private readonly lookup: RecordingKeyLookup,
    private readonly blobs: RecordingBlobs,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async open(callId: string, expires: string | undefined, sig: string | undefined): Promise<Uint8Array> {
    const valid =
      expires !== undefined &&
      sig !== undefined &&
      verifyRecordingSignature(this.secrets, callId, expires, sig, this.clock.now());
    if (!valid)
      throw errors.forbidden(
        'This recording link is invalid or has expired (links last 4 hours). Fetch the call again for a fresh recording_url.',
        'RECORDING_LINK_INVALID',
      );
    const key = isId('call', callId) ? await this.lookup.recordingKeyOf(callId) : undefined;
    const wav = key ? await this.blobs.get(key) : undefined;
    if (!wav) throw errors.notFound('recording', callId);
    return wav;
  }
}

/**
 * The one range of a `Range: bytes=…` header over `size` bytes (RFC 9110 §14.1.2): `a-b`, `a-` or
 * the suffix `-n`. Undefined = serve everything (no header, another unit, or several ranges).
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  if (start >= size) return 'unsatisfiable';
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return end < start ? undefined : { start, end };
}
