import { useEffect, useRef, useState } from 'preact/hooks';
import type { CallState, OneInbox } from '../../../../web-sdk/src/index.ts';
import { api } from '../../api/client.ts';
import type { Agent, CallMessage, WebCallSession } from '../../api/types.ts';
import { Badge } from '../../components/badge.tsx';
import { SelectField } from '../../components/form.tsx';
import { Link } from '../../components/link.tsx';
import { PageHeader, Section } from '../../components/page.tsx';
import { ErrorBanner, Loading } from '../../components/states.tsx';
import { Requires } from '../../lib/capabilities.tsx';
import { humanize } from '../../lib/format.ts';
import { useLocation } from '../../lib/router.ts';
import { useList } from '../../lib/use-list.ts';
import { Transcript } from '../calls/transcript.tsx';

/** The web SDK (web-sdk/, with its audio worklets) loads only when a call starts. */
const loadSdk = () => import('../../../../web-sdk/src/index.ts');

/** Browser microphone failures in words a person can act on. */
function explain(e: Error): Error {
  if (e.name === 'NotFoundError')
    return new Error('No microphone was found. Connect one and start the call again.');
  if (e.name === 'NotAllowedError')
    return new Error('The browser blocked the microphone. Allow it for this site and start the call again.');
  return e;
}

const statusBadge: Record<CallState | 'idle', string | null> = {
  idle: null,
  connecting: 'initiated',
  active: 'in_progress',
  ended: 'completed',
};

/** Talk to an agent from this browser: POST /v1/calls/web, then the web SDK streams the microphone. */
export function TalkPage() {
  return (
    <>
      <PageHeader title="Talk to an agent">
        A web call from this browser: allow the microphone, talk, and watch the transcript.
      </PageHeader>
      <Requires ops={['POST /v1/calls/web']} what="Web calls">
        <Talk />
      </Requires>
    </>
  );
}

function Talk() {
  const { query } = useLocation();
  const agents = useList<Agent>('/v1/agents');
  const [agentId, setAgentId] = useState(query.get('agent') ?? '');
  const [status, setStatus] = useState<CallState | 'idle'>('idle');
  const [muted, setMuted] = useState(false);
  const [lines, setLines] = useState<CallMessage[]>([]);
  const [partial, setPartial] = useState<Partial<Record<'user' | 'assistant', string>>>({});
  const [session, setSession] = useState<WebCallSession | undefined>(undefined);
  const [endReason, setEndReason] = useState<string | null>(null);
  const [error, setError] = useState<Error | undefined>(undefined);
  const client = useRef<OneInbox | undefined>(undefined);
  // Leaving the page ends the call (the microphone must not stay open in the background).
  useEffect(() => () => client.current?.hangUp(), []);

  if (!agents.items) return <Loading />;
  if (agents.items.length === 0) return <p class="banner banner-warn">Create an agent first.</p>;
  const agent = agentId || agents.items[0]!.id;
  const inCall = status === 'connecting' || status === 'active';

  const start = async () => {
    setError(undefined);
    setLines([]);
    setPartial({});
    setEndReason(null);
    setMuted(false);
    setStatus('connecting');
    try {
      const created = await api<WebCallSession>('POST', '/v1/calls/web', {
        body: { agent_id: agent, metadata: { source: 'dashboard-talk' } },
      });
      setSession(created);
      const { OneInbox } = await loadSdk();
      const call = new OneInbox();
      client.current = call;
      call.on('status', setStatus);
      call.on('transcript', ({ role, content, final }) => {
        if (final) {
          setLines((l) => [...l, { role, content }]);
          setPartial((p) => ({ ...p, [role]: undefined }));
        } else setPartial((p) => ({ ...p, [role]: content }));
      });
      call.on('ended', ({ reason }) => setEndReason(reason));
      call.on('error', (e) => setError(explain(e)));
      await call.start({ serverUrl: created.server_url, token: created.participant_token });
    } catch (e) {
      setError(explain(e as Error));
      setStatus((s) => (s === 'connecting' ? 'idle' : s));
    }
  };
  const toggleMute = () => {
    const c = client.current;
    if (!c) return;
    if (muted) c.unmute();
    else c.mute();
    setMuted(!muted);
  };
  const shown: CallMessage[] = [
    ...lines,
    ...(['user', 'assistant'] as const).flatMap((role) =>
      partial[role] ? [{ role, content: `${partial[role]} …` }] : [],
    ),
  ];

  return (
    <div class="two-col">
      <Section title="Call" id="call">
        <SelectField
          label="Agent"
          value={agent}
          onChange={setAgentId}
          options={agents.items.map((a) => ({ value: a.id, label: a.name }))}
        />
        <div class="talk-controls">
          {inCall ? (
            <>
              <button type="button" class="btn" aria-pressed={muted} onClick={toggleMute}>
                {muted ? 'Unmute' : 'Mute'}
              </button>
              <button type="button" class="btn btn-danger" onClick={() => client.current?.hangUp()}>
                Hang up
              </button>
            </>
          ) : (
            <button type="button" class="btn btn-primary" onClick={() => void start()}>
              {status === 'ended' ? 'Call again' : 'Start call'}
            </button>
          )}
          <span aria-live="polite" data-testid="talk-status">
            <Badge
              value={statusBadge[status]}
              label={status === 'idle' ? 'Not connected' : humanize(status)}
            />
          </span>
          {muted ? <span class="muted small">Microphone muted</span> : null}
        </div>
        {error ? <ErrorBanner error={error} title="The call could not go on" /> : null}
        {status === 'ended' && endReason ? <p class="muted small">Ended: {humanize(endReason)}</p> : null}
        {session ? (
          <p class="small">
            <Link href={`/calls/${session.id}`}>Open this call’s page</Link>{' '}
            <span class="muted mono">{session.id}</span>
          </p>
        ) : (
          <p class="muted small">Your browser asks for the microphone when the call starts.</p>
        )}
      </Section>
      <Section title="Live transcript" id="transcript">
        <Transcript
          messages={shown}
          currentMs={undefined}
          onSeek={undefined}
          live={inCall}
          emptyText={status === 'idle' ? 'Start a call to see the conversation here.' : 'Nothing was said.'}
        />
      </Section>
    </div>
  );
}
