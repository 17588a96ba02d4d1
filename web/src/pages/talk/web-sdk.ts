/**
 * The browser client from `web-sdk/` (the transports issue), bundled when it exists in this
 * checkout; until then `loadWebSdk()` resolves to undefined and the Talk page says so.
 */
export interface WebCallEvents {
  status: (s: 'connecting' | 'active' | 'ended') => void;
  transcript: (m: { role: string; content: string; final?: boolean }) => void;
  error: (e: Error) => void;
}

export interface WebCallClient {
  start(opts: { serverUrl: string; token: string }): Promise<void>;
  setMuted(muted: boolean): void;
  hangUp(): void;
  on<K extends keyof WebCallEvents>(event: K, fn: WebCallEvents[K]): void;
}

type SdkModule = Record<string, unknown>;
const modules = import.meta.glob<SdkModule>('../../../../web-sdk/src/index.ts');

/** Adapt whatever the SDK exports (a class with start/mute/hangUp and on()) to WebCallClient. */
export async function loadWebSdk(): Promise<(() => WebCallClient) | undefined> {
  const load = Object.values(modules)[0];
  if (!load) return undefined;
  const mod = await load();
  const Ctor = (mod.ParleyWebCall ?? mod.WebCall ?? mod.OneInbox ?? mod.default) as
    | (new () => Record<string, unknown>)
    | undefined;
  if (typeof Ctor !== 'function') return undefined;
  return () => {
    const c = new Ctor() as Record<string, (...a: unknown[]) => unknown>;
    return {
      start: (o) => Promise.resolve(c.start!(o)) as Promise<void>,
      setMuted: (m) => void (c.setMuted ? c.setMuted(m) : m ? c.mute?.() : c.unmute?.()),
      hangUp: () => void (c.hangUp ?? c.hangup ?? c.stop)?.call(c),
      on: (e, fn) => void c.on?.(e, fn),
    };
  };
}
