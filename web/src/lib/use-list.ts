import { useEffect, useState } from 'preact/hooks';
import { listAll } from '../api/client.ts';
import { loadRoutes } from './capabilities.tsx';

export interface ListState<T> {
  items: T[] | undefined;
  /** The server has no such list operation yet. */
  missing: boolean;
  error: Error | undefined;
  reload: () => void;
}

/** Every item of a list for pickers and name lookups; quietly empty when the server lacks the route. */
export function useList<T>(path: string, limit = 100): ListState<T> {
  const [items, setItems] = useState<T[] | undefined>(undefined);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [n, setN] = useState(0);
  useEffect(() => {
    let alive = true;
    void (async () => {
      const routes = await loadRoutes();
      if (!routes.has(`GET ${path}`)) {
        if (alive) {
          setMissing(true);
          setItems([]);
        }
        return;
      }
      try {
        const all = await listAll<T>(path, limit);
        if (alive) {
          setItems(all);
          setError(undefined);
        }
      } catch (e) {
        if (alive) setError(e as Error);
      }
    })();
    return () => {
      alive = false;
    };
  }, [path, n]);
  return { items, missing, error, reload: () => setN((x) => x + 1) };
}

/** id → item, for showing names next to ids. */
export function byId<T extends { id: string }>(items: T[] | undefined): Map<string, T> {
  return new Map((items ?? []).map((i) => [i.id, i]));
}
