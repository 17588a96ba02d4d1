import { api } from '../../api/client.ts';
import type { Call } from '../../api/types.ts';
import { Badge } from '../../components/badge.tsx';
import { Link } from '../../components/link.tsx';
import { Details } from '../../components/page.tsx';
import { ErrorBanner } from '../../components/states.tsx';
import { formatDuration, humanize } from '../../lib/format.ts';
import { useAction, useApi } from '../../lib/use-api.ts';
import { isLive } from '../calls/calls-list.tsx';
import { Transcript } from '../calls/transcript.tsx';

/** A call being watched: status, transcript as it arrives (polled every second), hang-up and a link to its page. */
export function LiveCall({ initial }: { initial: Call }) {
  const state = useApi<Call>(`/v1/calls/${initial.id}`, {
    refreshMs: (c) =>
      !c || isLive(c)
        ? 1000
        : c.ended_at && Date.now() - new Date(c.ended_at).getTime() < 10_000
          ? 1500
          : false,
  });
  const call = state.data ?? initial;
  const stop = useAction(async () => state.setData(await api<Call>('POST', `/v1/calls/${call.id}/stop`)));
  const live = isLive(call);
  return (
    <div class="live-call" data-testid="live-call">
      <div class="row-gap live-head">
        <Badge value={call.status} />
        {live ? <span class="live-dot" aria-hidden="true" /> : null}
        <span class="muted small" aria-live="polite">
          {live ? 'Live' : call.end_reason ? `Ended: ${humanize(call.end_reason)}` : 'Ended'}
        </span>
        <span class="spacer" />
        {live ? (
          <button
            type="button"
            class="btn btn-small btn-danger"
            disabled={stop.busy}
            onClick={() => void stop.run()}
          >
            Hang up
          </button>
        ) : null}
        <Link href={`/calls/${call.id}`} class="btn btn-small">
          Open call page
        </Link>
      </div>
      {stop.error ? <ErrorBanner error={stop.error} /> : null}
      {state.error ? (
        <ErrorBanner error={state.error} title="Lost track of the call" retry={() => void state.reload()} />
      ) : null}
      {call.error_message ? <p class="banner banner-error">{call.error_message}</p> : null}
      <Details
        items={[
          ['Call', <span class="mono small">{call.id}</span>],
          ['Duration', formatDuration(call.duration_seconds)],
        ]}
      />
      <h3>Transcript</h3>
      <Transcript messages={call.messages ?? []} currentMs={undefined} onSeek={undefined} live={live} />
    </div>
  );
}
