import { useRef, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { Agent, Call } from '../../api/types.ts';
import { Badge } from '../../components/badge.tsx';
import { Link } from '../../components/link.tsx';
import { Details, PageHeader, Section } from '../../components/page.tsx';
import { ErrorBanner, Loading } from '../../components/states.tsx';
import { toast } from '../../components/toast.tsx';
import { Requires, useOptionalApi } from '../../lib/capabilities.tsx';
import { formatDateTime, formatDuration, humanize } from '../../lib/format.ts';
import { useAction } from '../../lib/use-api.ts';
import { CallAnalysis } from './call-analysis.tsx';
import { CallDeliveries } from './call-deliveries.tsx';
import { isLive } from './calls-list.tsx';
import { CostBreakdown } from './cost-breakdown.tsx';
import { LatencyChart } from './latency-chart.tsx';
import { OutcomeEditor } from './outcome-editor.tsx';
import { RecordingPlayer } from './recording-player.tsx';
import { Transcript } from './transcript.tsx';

/** Post-call data lands within seconds of the end (decisions §4); keep polling that long. */
const settleMs = 15_000;
function refreshFor(c: Call | undefined): number | false {
  if (!c) return false;
  if (isLive(c)) return 1500;
  const ended = c.ended_at ? new Date(c.ended_at).getTime() : 0;
  return Date.now() - ended < settleMs ? 2000 : false;
}

export function CallPage({ id }: { id: string }) {
  return (
    <Requires ops={['GET /v1/calls/{call_id}']} what="The call page">
      <CallView id={id} />
    </Requires>
  );
}

/** One call: what happened (transcript + recording), how fast (latency), what it cost and what was sent. */
function CallView({ id }: { id: string }) {
  const state = useOptionalApi<Call>(`/v1/calls/${id}`, { refreshMs: refreshFor });
  const call = state.data;
  const agent = useOptionalApi<Agent>(call ? `/v1/agents/${call.agent_id}` : null);
  const audioRef = useRef<HTMLAudioElement | null>(null);
  const [currentMs, setCurrentMs] = useState(0);
  const stop = useAction(async () => {
    state.setData(await api<Call>('POST', `/v1/calls/${id}/stop`));
    toast('Hang-up requested');
  });

  if (state.error && !call) return <ErrorBanner error={state.error} retry={() => void state.reload()} />;
  if (!call) return <Loading what="Loading call…" />;
  const live = isLive(call);
  const title =
    call.type === 'web'
      ? 'Web call'
      : `${humanize(call.direction)} call ${call.direction === 'inbound' ? 'from' : 'to'} ${call.direction === 'inbound' ? call.from_number : call.to_number}`;
  const seek = call.recording_url
    ? (ms: number) => {
        const a = audioRef.current;
        if (!a) return;
        a.currentTime = ms / 1000;
        setCurrentMs(ms);
        void a.play().catch(() => undefined);
      }
    : undefined;

  return (
    <>
      <PageHeader
        title={title}
        back={{ href: '/calls', label: 'Calls' }}
        actions={
          live ? (
            <button type="button" class="btn btn-danger" disabled={stop.busy} onClick={() => void stop.run()}>
              {stop.busy ? 'Hanging up…' : 'Hang up'}
            </button>
          ) : null
        }
      >
        <Badge value={call.status} /> <span class="mono small">{call.id}</span>
        {live ? (
          <>
            <span class="live-dot" aria-hidden="true" />
            <span class="sr-only">Live, updating</span>
          </>
        ) : null}
      </PageHeader>
      {stop.error ? <ErrorBanner error={stop.error} title="Could not hang up" /> : null}
      {state.error ? <ErrorBanner error={state.error} title="Could not refresh" /> : null}
      <div class="call-layout">
        <div class="call-main">
          {call.recording_url ? (
            <Section title="Recording" id="recording">
              <RecordingPlayer
                url={call.recording_url}
                audioRef={audioRef}
                currentMs={currentMs}
                onTime={setCurrentMs}
              />
            </Section>
          ) : null}
          <Section title="Transcript" id="transcript">
            <Transcript
              messages={call.messages ?? []}
              currentMs={call.recording_url ? currentMs : undefined}
              onSeek={seek}
              live={live}
            />
          </Section>
          <Section title="Latency" id="latency">
            <LatencyChart latency={call.latency} />
          </Section>
        </div>
        <aside class="call-side">
          <Section title="Details" id="details">
            <Details
              items={[
                [
                  'Agent',
                  agent.data ? (
                    <Link href={`/agents/${call.agent_id}`}>{agent.data.name}</Link>
                  ) : (
                    <span class="mono small">{call.agent_id}</span>
                  ),
                ],
                ['Type', humanize(call.type)],
                ['From', call.from_number ?? '—'],
                ['To', call.to_number ?? '—'],
                ['Created', formatDateTime(call.created_at)],
                ...(call.scheduled_at
                  ? ([['Scheduled', formatDateTime(call.scheduled_at)]] as [string, string][])
                  : []),
                ['Started', formatDateTime(call.started_at)],
                ['Ended', formatDateTime(call.ended_at)],
                ['Duration', formatDuration(call.duration_seconds)],
                ['End reason', call.end_reason ? humanize(call.end_reason) : '—'],
                ...(call.error_message ? ([['Error', call.error_message]] as [string, string][]) : []),
              ]}
            />
          </Section>
          <Section title="Outcome" id="outcome">
            <OutcomeEditor
              call={call}
              onSaved={(c) => {
                state.setData(c);
                toast('Outcome saved');
              }}
            />
          </Section>
          <Section title="Summary and analysis" id="analysis">
            <CallAnalysis call={call} />
          </Section>
          <Section title="Cost" id="cost">
            <CostBreakdown call={call} />
          </Section>
          <Section title="Webhook deliveries" id="deliveries">
            <CallDeliveries callId={call.id} refreshKey={`${call.status}-${call.updated_at}`} />
          </Section>
        </aside>
      </div>
    </>
  );
}
