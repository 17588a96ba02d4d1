/** The signed-in key lives only in this tab's sessionStorage: never in a URL, a cookie or localStorage. */
const storageKey = 'parley.credential';

export interface Credential {
  /** Secret key `oi_sk_…` (or a dashboard JWT when the server issues one). */
  token: string;
  workspaceName: string;
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
