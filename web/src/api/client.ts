import { clearCredential, loadCredential } from '../lib/session.ts';

/** One FastAPI-style validation problem. */
export interface Issue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** An API error with the parts of Parley's error body a page needs. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
    readonly requestId: string | undefined = undefined,
    readonly details: Record<string, unknown> | undefined = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field path (without the leading `body`/`query`) → first message, for inline form errors. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const i of this.issues) {
      const parts = i.loc[0] === 'body' || i.loc[0] === 'query' ? i.loc.slice(1) : i.loc;
      const key = parts.join('.');
      if (!(key in out)) out[key] = i.msg;
    }
    return out;
  }
}

/** Listeners told when the server rejects the stored credential (sign-out). */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

/** Turn any error response into an ApiError (Parley's `{detail, error}` body, or whatever came back). */
export function toApiError(status: number, body: unknown, statusText = ''): ApiError {
  const b = (body ?? {}) as {
    detail?: unknown;
    error?: { code?: string; message?: string; request_id?: string; details?: Record<string, unknown> };
  };
  const issues = Array.isArray(b.detail) ? (b.detail as Issue[]) : [];
  const message =
    b.error?.message ??
    (typeof b.detail === 'string' ? b.detail : issues[0]?.msg) ??
    (statusText || `Request failed with status ${status}`);
  return new ApiError(
    status,
    b.error?.code ?? `HTTP_${status}`,
    message,
    issues,
    b.error?.request_id,
    b.error?.details,
  );
}

function authHeaders(token?: string): Record<string, string> {
  const t = token ?? loadCredential()?.token;
  return t ? { authorization: `Bearer ${t}` } : {};
}

function handleUnauthorized(status: number, token?: string) {
  // Only a rejection of the stored credential signs the tab out (not a sign-in attempt with a typed key).
  if (status === 401 && token === undefined && loadCredential()) {
    clearCredential();
    for (const fn of unauthorizedListeners) fn();
  }
}

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  /** Use this key instead of the signed-in one (sign-in). */
  token?: string;
}

/** Call the Parley API; resolves with the JSON body (undefined for 204) or throws ApiError. */
export async function api<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(opts.token) };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK_ERROR', 'Cannot reach the Parley server. Is it running?');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    handleUnauthorized(res.status, opts.token);
    throw toApiError(res.status, json, res.statusText);
  }
  return json as T;
}

/** Multipart POST through XHR so the page can show upload progress (fetch cannot report it). */
export function uploadWithProgress<T>(
  path: string,
  form: FormData,
  onProgress: (fraction: number) => void,
): { promise: Promise<T>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open('POST', path);
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let json: unknown;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        json = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(json as T);
      } else {
        handleUnauthorized(xhr.status);
        reject(toApiError(xhr.status, json, xhr.statusText));
      }
    };
    xhr.onerror = () =>
      reject(new ApiError(0, 'NETWORK_ERROR', 'The upload failed: cannot reach the server.'));
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', 'Upload cancelled.'));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

/** Fetch every page of an offset-paginated list (capped, for pickers); bare-array lists come back whole. */
export async function listAll<T>(path: string, pageSize = 100, cap = 1000): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; offset < cap; offset += pageSize) {
    const page = await api<{ items: T[]; total: number } | T[]>('GET', path, {
      query: { limit: pageSize, offset },
    });
    if (Array.isArray(page)) return page;
    out.push(...page.items);
    if (out.length >= page.total || page.items.length < pageSize) break;
  }
  return out;
}
