import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Loading } from '../components/states.tsx';
import { type ApiState, useApi } from './use-api.ts';

/**
 * Which API operations this server offers, read once from its OpenAPI document (open, no key).
 * Pages check before calling, so a route that has not landed yet shows a clear notice instead of a 404.
 */
let routes: Promise<Set<string>> | undefined;

export function loadRoutes(): Promise<Set<string>> {
  routes ??= fetch('/v1/openapi.json', { headers: { accept: 'application/json' } })
    .then((r) =>
      r.ok ? (r.json() as Promise<{ paths?: Record<string, Record<string, unknown>> }>) : { paths: {} },
    )
    .then((doc) => {
      const set = new Set<string>();
      for (const [p, ops] of Object.entries(doc.paths ?? {}))
        for (const m of Object.keys(ops)) set.add(`${m.toUpperCase()} ${p.replace(/\{[^}]+\}/g, '{}')}`);
      return set;
    })
    .catch(() => {
      routes = undefined;
      return new Set<string>();
    });
  return routes;
}

/** `GET /v1/agents/{agent_id}` and `GET /v1/agents/{id}` are the same operation. */
const norm = (op: string) => op.replace(/\{[^}]+\}/g, '{}');

export function useRoutes(): Set<string> | undefined {
  const [set, setSet] = useState<Set<string> | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    void loadRoutes().then((s) => alive && setSet(s));
    return () => {
      alive = false;
    };
  }, []);
  return set;
}

/** undefined while loading, then whether every listed operation exists. */
export function useHas(...ops: string[]): boolean | undefined {
  const set = useRoutes();
  if (!set) return undefined;
  return ops.every((o) => set.has(norm(o)));
}

/** Render children only when the server has these operations; otherwise say which API the page waits for. */
export function Requires({
  ops,
  what,
  children,
}: {
  ops: string[];
  what: string;
  children: ComponentChildren;
}) {
  const set = useRoutes();
  if (!set) return <Loading />;
  const missing = ops.filter((o) => !set.has(norm(o)));
  if (missing.length === 0) return <>{children}</>;
  return (
    <div class="banner banner-warn" role="status" data-testid="waits-for-api">
      <strong>{what} is not available on this server yet</strong>
      <p>This page works as soon as the server offers:</p>
      <ul>
        {missing.map((m) => (
          <li key={m}>
            <code>{m}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Whether `METHOD /concrete/path` matches an operation template (`{}` segments match any value). */
export function hasPath(set: Set<string>, method: string, path: string): boolean {
  const want = path.split('?')[0]!.split('/');
  for (const op of set) {
    const [m, p] = op.split(' ');
    if (m !== method || !p) continue;
    const segs = p.split('/');
    if (segs.length === want.length && segs.every((s, i) => s === '{}' || s === want[i])) return true;
  }
  return false;
}

/** useApi, but only once the server is known to offer the route (no 404 noise for APIs still landing). */
export function useOptionalApi<T>(
  path: string | null,
  opts: { refreshMs?: number | ((data: T | undefined) => number | false) } = {},
): ApiState<T> & { missing: boolean } {
  const set = useRoutes();
  const has = set !== undefined && path !== null && hasPath(set, 'GET', path);
  const state = useApi<T>(has ? path : null, opts);
  return {
    ...state,
    loading: set === undefined || state.loading,
    missing: set !== undefined && path !== null && !has,
  };
}
