import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../lib/secret-box.ts';
import { recordingUrlTtlSeconds, signRecordingUrl, verifyRecordingSignature } from './recording-url.ts';

const secrets = new SecretBox(randomBytes(32));
const now = Date.UTC(2026, 5, 1, 10, 0, 0);
const callId = 'call_01jd8x2k3m4n5p6q7r8s9t0v1w';

function parts(url: string) {
  const u = new URL(url);
  return { path: u.pathname, expires: u.searchParams.get('expires')!, sig: u.searchParams.get('sig')! };
}

describe('signRecordingUrl', () => {
  it('points at /v1/recordings/{id} under the public URL and expires in 4 hours', () => {
    const url = signRecordingUrl(secrets, 'https://parley.example.com/', callId, now);
    expect(url.startsWith(`https://parley.example.com/v1/recordings/${callId}?expires=`)).toBe(true);
    const p = parts(url);
    expect(Number(p.expires)).toBe(now / 1000 + recordingUrlTtlSeconds);
    expect(verifyRecordingSignature(secrets, callId, p.expires, p.sig, now)).toBe(true);
  });

  it('is refused after expiry, for another call, with a changed expiry or another key', () => {
    const p = parts(signRecordingUrl(secrets, 'http://localhost:3000', callId, now));
    const exp = Number(p.expires);
    expect(verifyRecordingSignature(secrets, callId, p.expires, p.sig, exp * 1000)).toBe(false);
    expect(verifyRecordingSignature(secrets, 'call_01jd8x2k3m4n5p6q7r8s9t0v1x', p.expires, p.sig, now)).toBe(
      false,
    );
    expect(verifyRecordingSignature(secrets, callId, exp + 3600, p.sig, now)).toBe(false);
    expect(verifyRecordingSignature(new SecretBox(randomBytes(32)), callId, p.expires, p.sig, now)).toBe(
      false,
    );
    expect(verifyRecordingSignature(secrets, callId, 'abc', p.sig, now)).toBe(false);
  });
});
