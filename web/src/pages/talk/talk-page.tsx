import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { Agent, Call, CallMessage, WebCallSession } from '../../api/types.ts';
import { Badge } from '../../components/badge.tsx';
import { SelectField } from '../../components/form.tsx';
import { Link } from '../../components/link.tsx';
import { PageHeader, Section } from '../../components/page.tsx';
import { ErrorBanner, Loading } from '../../components/states.tsx';
import { Requires } from '../../lib/capabilities.tsx';
import { useLocation } from '../../lib/router.ts';
import { useList } from '../../lib/use-list.ts';
import { Transcript } from '../calls/transcript.tsx';
import { loadWebSdk, type WebCallClient } from './web-sdk.ts';

/** Talk to an agent from this browser: a web call (POST /v1/calls/web) through the web SDK, with mute and hang-up. */
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
  const [sdk, setSdk] = useState<(() => WebCallClient) | null | undefined>(undefined);
  const [status, setStatus] = useState<'idle' | 'connecting' | 'active' | 'ended'>('idle');
  const [muted, setMuted] = useState(false);
  const [messages, setMessages] = useState<CallMessage[]>([]);
  const [call, setCall] = useState<WebCallSession | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const client = useRef<WebCallClient | undefined>(undefined);
  useEffect(() => {
    void loadWebSdk().then((f) => setSdk(f ?? null));
    return () => client.current?.hangUp();
  }, []);

  if (!agents.items || sdk === undefined) return <Loading />;
  if (agents.items.length === 0) return <p class="banner banner-warn">Create an agent first.</p>;
  const agent = agentId || agents.items[0]!.id;

  const start = async () => {
    setError(undefined);
    setMessages([]);
    setStatus('connecting');
    try {
      const session = await api<WebCallSession>('POST', '/v1/calls/web', {
        body: { agent_id: agent, metadata: { source: 'dashboard-talk' } },
      });
      setCall(session);
      const c = sdk!();
      client.current = c;
      c.on('status', (s) => setStatus(s));
      c.on(
        'transcript',
        (m) =>
          m.final !== false &&
          setMessages((x) => [...x, { role: m.role as CallMessage['role'], content: m.content }]),
      );
      c.on('error', (e) => setError(e));
      await c.start({ serverUrl: session.server_url, token: session.participant_token });
    } catch (e) {
      setError(e as Error);
      setStatus('idle');
    }
  };
  const hangUp = async () => {
    client.current?.hangUp();
    if (call) await api<Call>('POST', `/v1/calls/${call.id}/stop`).catch(() => undefined);
    setStatus('ended');
  };
  const inCall = status === 'connecting' || status === 'active';

  return (
    <div class="two-col">
      <Section title="Call" id="call">
        {sdk === null ? (
          <div class="banner banner-warn" role="status" data-testid="waits-for-sdk">
            <strong>Browser audio is not in this build yet</strong>
            <p>
              Web calls need the web SDK (<code>web-sdk/</code>, from the transports work). The server already
              creates web calls; once the SDK is in the checkout, <code>npm start</code> bundles it here.
              Meanwhile, try <Link href={`/simulate?agent=${agent}`}>Simulate</Link>.
            </p>
          </div>
        ) : null}
        <SelectField
          label="Agent"
          value={agent}
          onChange={setAgentId}
          options={agents.items.map((a) => ({ value: a.id, label: a.name }))}
        />
        <div class="talk-controls">
          {inCall ? (
            <>
              <button
                type="button"
                class="btn"
                aria-pressed={muted}
                onClick={() => {
                  client.current?.setMuted(!muted);
                  setMuted(!muted);
                }}
              >
                {muted ? 'Unmute' : 'Mute'}
              </button>
              <button type="button" class="btn btn-danger" onClick={() => void hangUp()}>
                Hang up
              </button>
            </>
          ) : (
            <button
              type="button"
              class="btn btn-primary"
              disabled={sdk === null}
              onClick={() => void start()}
            >
              Start call
            </button>
          )}
          <Badge
            value={
              status === 'idle'
                ? null
                : status === 'active'
                  ? 'in_progress'
                  : status === 'ended'
                    ? 'completed'
                    : 'initiated'
            }
            label={status === 'idle' ? 'Not connected' : status}
          />
        </div>
        {error ? <ErrorBanner error={error} title="The call could not start" /> : null}
        {call ? (
          <p class="small">
            <Link href={`/calls/${call.id}`}>Open this call’s page</Link>
          </p>
        ) : null}
      </Section>
      <Section title="Live transcript" id="transcript">
        <Transcript
          messages={messages}
          currentMs={undefined}
          onSeek={undefined}
          live={inCall}
          emptyText={status === 'idle' ? 'Start a call to see the conversation here.' : 'Nothing was said.'}
        />
      </Section>
    </div>
  );
}
