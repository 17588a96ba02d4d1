import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client.ts';

export interface ApiState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => Promise<void>;
  setData: (d: T) => void;
}

/**
 * GET `path` (null = don't load) and keep the result; `refreshMs` polls while the tab is visible
 * (a function decides from the latest data, returning false to stop, e.g. once a call has ended).
 */
export function useApi<T>(
  path: string | null,
  opts: { refreshMs?: number | ((data: T | undefined) => number | false) } = {},
): ApiState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const latest = useRef<T | undefined>(undefined);
  const refresh = useRef(opts.refreshMs);
  refresh.current = opts.refreshMs;
  const generation = useRef(0);

  const load = useCallback(async () => {
    if (path === null) return;
    const gen = generation.current;
    try {
      const d = await api<T>('GET', path);
      if (gen !== generation.current) return;
      latest.current = d;
      setData(d);
      setError(undefined);
    } catch (e) {
      if (gen !== generation.current) return;
      setError(e as Error);
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [path]);

  useEffect(() => {
    generation.current++;
    latest.current = undefined;
    setData(undefined);
    setError(undefined);
    setLoading(path !== null);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const schedule = () => {
      const r = refresh.current;
      const ms = typeof r === 'function' ? r(latest.current) : r;
      if (ms) timer = setTimeout(() => void tick(), ms);
    };
    // Background tabs skip the request but keep the schedule, so polling resumes when visible.
    const tick = async () => {
      if (!document.hidden) await load();
      if (!stopped) schedule();
    };
    void load().then(() => {
      if (!stopped) schedule();
    });
    return () => {
      stopped = true;
      generation.current++;
      if (timer) clearTimeout(timer);
    };
  }, [path, load]);

  const set = useCallback((d: T) => {
    latest.current = d;
    setData(d);
  }, []);
  return { data, error, loading, reload: load, setData: set };
}

/** Run an async action with a busy flag and its last error (forms, buttons). */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const run = useCallback(async (...args: A): Promise<R | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await fnRef.current(...args);
    } catch (e) {
      setError(e as Error);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, busy, error, setError };
}
