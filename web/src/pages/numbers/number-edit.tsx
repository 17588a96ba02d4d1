import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { Agent, PhoneNumber } from '../../api/types.ts';
import { SelectField, TextArea, TextField } from '../../components/form.tsx';
import { FormFooter, useSubmit } from '../../components/form-footer.tsx';

/** Edit a number: name, default agent, active/inactive, and inbound routing (agent, fallback, voicemail). */
export function NumberEdit({
  n,
  agents,
  onSaved,
  onCancel,
}: {
  n: PhoneNumber;
  agents: Agent[];
  onSaved: (n: PhoneNumber) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(n.friendly_name ?? '');
  const [agentId, setAgentId] = useState(n.agent_id ?? '');
  const [status, setStatus] = useState(n.status);
  const [inbound, setInbound] = useState(n.inbound_routing?.agent_id ?? '');
  const [fallback, setFallback] = useState(n.inbound_routing?.fallback?.agent_id ?? '');
  const [voicemail, setVoicemail] = useState(n.inbound_routing?.voicemail_message ?? '');
  const submit = useSubmit(async () => {
    const body = {
      friendly_name: name.trim() || null,
      agent_id: agentId || null,
      status,
      inbound_routing: {
        agent_id: inbound || null,
        fallback: fallback ? { agent_id: fallback } : null,
        voicemail_message: voicemail.trim() || null,
      },
    };
    onSaved(await api<PhoneNumber>('PATCH', `/v1/phone-numbers/${n.id}`, { body }));
  });
  const errs = submit.fields;
  const agentOptions = (none: string) => [
    { value: '', label: none },
    ...agents.map((a) => ({ value: a.id, label: a.name })),
  ];
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <div class="grid">
        <TextField
          label="Name"
          value={name}
          onInput={setName}
          error={errs.friendly_name}
          placeholder="Sales line"
        />
        <SelectField
          label="Agent"
          value={agentId}
          onChange={setAgentId}
          error={errs.agent_id}
          options={agentOptions('No agent')}
          hint="Caller id for outbound calls and the default for inbound calls."
        />
        <SelectField
          label="Status"
          value={status}
          onChange={setStatus}
          error={errs.status}
          options={[
            { value: 'active', label: 'Active' },
            { value: 'inactive', label: 'Inactive (refuses calls)' },
          ]}
        />
        <h3 class="field-wide">Inbound calls</h3>
        <SelectField
          label="Answered by"
          value={inbound}
          onChange={setInbound}
          error={errs['inbound_routing.agent_id']}
          options={agentOptions('The number’s agent')}
        />
        <SelectField
          label="Fallback agent"
          value={fallback}
          onChange={setFallback}
          error={errs['inbound_routing.fallback.agent_id']}
          options={agentOptions('None')}
          hint="Takes the call when the first agent cannot (deleted, or no free call slot)."
        />
        <TextArea
          label="Voicemail message"
          wide
          rows={2}
          value={voicemail}
          onInput={setVoicemail}
          error={errs['inbound_routing.voicemail_message']}
          hint="Spoken when no agent can take the call."
        />
      </div>
      <FormFooter error={submit.error} busy={submit.busy} label="Save" onCancel={onCancel} />
    </form>
  );
}
