/** Format checks shared by validation at the edge and domain rules (no I/O). */

const emailAddress = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;
const namedAddress = /^[^<>]{1,128} <([^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+)>$/;
const e164 = /^\+[1-9]\d{1,14}$/;

/** True for an absolute http(s) URL with a host. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** A bare email address (`ops@acme.com`). */
export function isEmail(value: string): boolean {
  return value.length <= 254 && emailAddress.test(value);
}

/** `ops@acme.com` or `Acme Support <ops@acme.com>`, as email APIs accept in `from`. */
export function isMailbox(value: string): boolean {
  return isEmail(value) || (value.length <= 400 && namedAddress.test(value));
}

/** E.164 phone number (decisions §4). */
export function isE164(value: string): boolean {
  return e164.test(value);
}

/** An IANA time-zone name this runtime knows (`America/New_York`, `UTC`); offsets like `+05:00` are refused. */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
