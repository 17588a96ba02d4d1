/**
 * The signed-in credential lives only in this tab's sessionStorage: never in a URL, a cookie or
 * localStorage. With POST /v1/auth/login it is a 12-hour session token, not the secret key itself.
 */
const storageKey = 'parley.credential';

export interface Credential {
  /** Session JWT from /v1/auth/login, or the secret key `oi_sk_…` on servers without login. */
  token: string;
  kind: 'session' | 'key';
  workspaceName: string;
  /** The secret key behind the token (`key_…`), to mark it on the keys page. */
  keyId: string;
}

export function loadCredential(): Credential | undefined {
  try {
    const raw = sessionStorage.getItem(storageKey);
    return raw ? (JSON.parse(raw) as Credential) : undefined;
  } catch {
    return undefined;
  }
}

export function saveCredential(c: Credential): void {
  sessionStorage.setItem(storageKey, JSON.stringify(c));
}

export function clearCredential(): void {
  sessionStorage.removeItem(storageKey);
}
