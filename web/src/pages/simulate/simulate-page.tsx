import { useState } from 'preact/hooks';
import { ApiError, api } from '../../api/client.ts';
import type { Agent, Call, Page, PhoneNumber } from '../../api/types.ts';
import { FormError, SelectField, TextField } from '../../components/form.tsx';
import { JsonField } from '../../components/form-structured.tsx';
import { PageHeader, Section } from '../../components/page.tsx';
import { Loading } from '../../components/states.tsx';
import { hasPath, Requires, useOptionalApi, useRoutes } from '../../lib/capabilities.tsx';
import { useLocation } from '../../lib/router.ts';
import { useList } from '../../lib/use-list.ts';
import { LiveCall } from './live-call.tsx';
import { ScriptEditor } from './script-editor.tsx';
import { exampleScript, type SimConfig, type StepRow, toSimSteps } from './sim-script.ts';

/**
 * Simulate: an outbound call on a `sim` number whose callee follows a script (decisions §9),
 * watched live; no phone network or speech keys needed.
 */
export function SimulatePage() {
  return (
    <>
      <PageHeader title="Simulate a call">
        Place a call to a scripted caller on a simulated number and watch it live. Nothing leaves this server.
      </PageHeader>
      <Requires
        ops={['POST /v1/calls', 'GET /v1/calls/{call_id}', 'GET /v1/phone-numbers']}
        what="Simulated calls"
      >
        <Simulator />
      </Requires>
    </>
  );
}

function Simulator() {
  const { query } = useLocation();
  const agents = useList<Agent>('/v1/agents');
  const numbers = useOptionalApi<Page<PhoneNumber>>('/v1/phone-numbers?limit=100');
  const [agentId, setAgentId] = useState(query.get('agent') ?? '');
  const [from, setFrom] = useState(query.get('from') ?? '');
  const [to, setTo] = useState('+15555550123');
  const [answer, setAnswer] = useState<SimConfig['answer']>('human');
  const [useScript, setUseScript] = useState(true);
  const [steps, setSteps] = useState<StepRow[]>(exampleScript);
  const [variables, setVariables] = useState<Record<string, unknown>>({});
  const [varsOk, setVarsOk] = useState(true);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [call, setCall] = useState<Call | undefined>(undefined);
  const [direction, setDirection] = useState<'outbound' | 'inbound'>('outbound');
  const routes = useRoutes();
  const inboundOk = routes !== undefined && hasPath(routes, 'POST', '/v1/phone-numbers/x/simulate-inbound');
  const inbound = direction === 'inbound';

  if (!agents.items || !numbers.data) return <Loading />;
  const simNumbers = numbers.data.items.filter((n) => n.provider === 'sim');
  const agent = agentId || agents.items[0]?.id || '';
  const fromNumber = from || simNumbers[0]?.phone_number || '';
  const errs = error instanceof ApiError ? error.fieldErrors() : {};
  const sim: SimConfig = {
    answer,
    ...(useScript && (inbound || answer === 'human') ? { script: toSimSteps(steps) } : {}),
  };

  const getNumber = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const n = await api<PhoneNumber>('POST', '/v1/phone-numbers/purchase', {
        body: { provider: 'sim', agent_id: agent, friendly_name: 'Simulator' },
      });
      await numbers.reload();
      setFrom(n.phone_number);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (inbound) {
        // The number's inbound routing picks the agent; the caller follows the script (decisions §9).
        const number = simNumbers.find((n) => n.phone_number === fromNumber);
        const body = { from_number: to.trim(), sim: { ...sim, answer: 'human' } };
        setCall(await api<Call>('POST', `/v1/phone-numbers/${number?.id}/simulate-inbound`, { body }));
        return;
      }
      const body = {
        agent_id: agent,
        from_number: fromNumber,
        to_number: to.trim(),
        variables,
        metadata: { sim, source: 'dashboard-simulate' },
      };
      setCall(await api<Call>('POST', '/v1/calls', { body }));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  if (agents.items.length === 0) return <p class="banner banner-warn">Create an agent first.</p>;
  return (
    <div class="two-col sim-layout">
      <Section title="Call setup" id="setup">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
          noValidate
        >
          <div class="grid">
            <SelectField
              label="Direction"
              value={direction}
              onChange={(v) => setDirection(v as 'outbound' | 'inbound')}
              hint={inboundOk ? undefined : 'Inbound waits for the server’s simulate-inbound endpoint.'}
              options={[
                { value: 'outbound', label: 'Outbound (agent calls)' },
                {
                  value: 'inbound',
                  label: 'Inbound (caller rings)',
                  disabled: !inboundOk,
                },
              ]}
            />
            {inbound ? null : (
              <SelectField
                label="Agent"
                value={agent}
                onChange={setAgentId}
                error={errs.agent_id}
                options={agents.items.map((a) => ({ value: a.id, label: a.name }))}
              />
            )}
            {simNumbers.length ? (
              <SelectField
                label={inbound ? 'Number called (sim)' : 'From (sim number)'}
                value={fromNumber}
                onChange={setFrom}
                error={errs.from_number}
                options={simNumbers.map((n) => ({
                  value: n.phone_number,
                  label: `${n.phone_number}${n.friendly_name ? ` · ${n.friendly_name}` : ''}`,
                }))}
              />
            ) : (
              <div class="field">
                <span class="field-label">From</span>
                <p class="field-hint">Simulated calls go out from a sim number.</p>
                <button type="button" class="btn" disabled={busy} onClick={() => void getNumber()}>
                  Get a sim number
                </button>
              </div>
            )}
            <TextField
              label={inbound ? 'Caller number' : 'To'}
              value={to}
              onInput={setTo}
              error={errs.to_number ?? errs.from_number}
              hint={
                inbound ? 'The caller id the agent sees.' : 'Any E.164 number: the simulated callee answers.'
              }
            />
            {inbound ? null : (
              <SelectField
                label="The callee"
                value={answer}
                onChange={(v) => setAnswer(v as SimConfig['answer'])}
                options={[
                  { value: 'human', label: 'Answers (a person)' },
                  { value: 'machine', label: 'Voicemail machine' },
                  { value: 'no_answer', label: 'Does not answer' },
                  { value: 'busy', label: 'Is busy' },
                ]}
              />
            )}
          </div>
          {inbound || answer === 'human' ? (
            <ScriptEditor
              legend={inbound ? 'Caller script' : 'Callee script'}
              useScript={useScript}
              onUseScript={setUseScript}
              steps={steps}
              onSteps={setSteps}
            />
          ) : null}
          {inbound ? null : (
            <JsonField
              label="Variables"
              value={variables}
              rows={2}
              onChange={(v, ok) => {
                setVarsOk(ok);
                if (ok) setVariables(v);
              }}
              error={errs.variables}
              hint='Values for {{variables}} in the prompt and first message, e.g. {"customer_name": "Sam"}.'
            />
          )}
          <FormError error={error} />
          <div class="dialog-footer">
            <button type="submit" class="btn btn-primary" disabled={busy || !fromNumber || !varsOk}>
              {busy ? 'Starting…' : 'Start simulated call'}
            </button>
          </div>
        </form>
      </Section>
      <Section title="Live" id="live">
        {call ? (
          <LiveCall key={call.id} initial={call} />
        ) : (
          <p class="muted">Start a call to watch its status and transcript here as it happens.</p>
        )}
      </Section>
    </div>
  );
}
