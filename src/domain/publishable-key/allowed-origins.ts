/** The entry that allows every origin, like an empty list (for development only). */
export const anyOrigin = '*';

/**
 * An allowed-origins entry in canonical form (`https://app.example.com`, lowercase, default port
 * dropped), or undefined when it is not a bare http(s) scheme + host[:port] without a trailing slash.
 */
export function normalizeOrigin(entry: string): string | undefined {
  if (entry === anyOrigin) return anyOrigin;
  if (!/^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(entry)) return undefined;
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return undefined;
  }
  return url.origin;
}

/** Whether a browser `Origin` header passes a key's list (empty or `*` = any origin; no header fails a non-empty list). */
export function originAllowed(allowed: readonly string[], origin: string | undefined): boolean {
  if (allowed.length === 0 || allowed.includes(anyOrigin)) return true;
  if (!origin) return false;
  const canonical = normalizeOrigin(origin.replace(/\/+$/, ''));
  return canonical !== undefined && allowed.includes(canonical);
}
