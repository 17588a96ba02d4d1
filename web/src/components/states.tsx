import type { ComponentChildren } from 'preact';
import { ApiError } from '../api/client.ts';

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return <span class="spinner" role="status" aria-label={label} />;
}

export function Loading({ what = 'Loading…' }: { what?: string }) {
  return (
    <div class="state state-loading" aria-busy="true">
      <Spinner label={what} />
      <span>{what}</span>
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state state-empty">
      <p class="state-title">{title}</p>
      {children ? <div class="state-body">{children}</div> : null}
    </div>
  );
}

/** A route the server does not have yet (another issue is still building it). */
export function notYetAvailable(e: Error | undefined): boolean {
  return e instanceof ApiError && e.status === 404 && e.code === 'ROUTE_NOT_FOUND';
}

export function ErrorBanner({ error, retry, title }: { error: Error; retry?: () => void; title?: string }) {
  const api = error instanceof ApiError ? error : undefined;
  if (notYetAvailable(error))
    return (
      <div class="banner banner-warn" role="status">
        <strong>{title ?? 'Not available yet'}</strong>
        <p>
          This Parley server does not offer this API yet (
          {error.message.replace(/^Route '(.*)' was not found\.$/, '$1')}). The page will work as soon as it
          does.
        </p>
      </div>
    );
  return (
    <div class="banner banner-error" role="alert">
      <strong>{title ?? 'Something went wrong'}</strong>
      <p>{error.message}</p>
      {api?.issues.length ? (
        <ul>
          {api.issues.map((i) => (
            <li key={i.loc.join('.')}>
              <code>{i.loc.filter((l) => l !== 'body').join('.')}</code>: {i.msg}
            </li>
          ))}
        </ul>
      ) : null}
      <p class="banner-meta">
        {api ? (
          <>
            <code>{api.code}</code>
            {api.requestId ? <> · request {api.requestId}</> : null}
          </>
        ) : null}
        {retry ? (
          <button type="button" class="btn btn-small" onClick={retry}>
            Try again
          </button>
        ) : null}
      </p>
    </div>
  );
}

/** Loading → error → content, the pattern every page follows. */
export function Async<T>({
  state,
  children,
  what,
}: {
  state: { data: T | undefined; error: Error | undefined; loading: boolean; reload: () => Promise<void> };
  children: (data: T) => ComponentChildren;
  what?: string;
}) {
  if (state.data !== undefined) return <>{children(state.data)}</>;
  if (state.error) return <ErrorBanner error={state.error} retry={() => void state.reload()} />;
  return <Loading {...(what ? { what } : {})} />;
}
