import { useState } from 'preact/hooks';
import { ApiError, api } from '../../api/client.ts';
import type { Agent, AvailableNumber, Integration, PhoneNumber } from '../../api/types.ts';
import { FormError, SelectField, TextField, Toggle } from '../../components/form.tsx';
import { FormFooter, useSubmit } from '../../components/form-footer.tsx';
import { Spinner } from '../../components/states.tsx';

const providerOptions = [
  { value: '', label: 'Server default' },
  { value: 'sim', label: 'Simulated (sim): no phone network' },
  { value: 'twilio', label: 'Twilio' },
  { value: 'telnyx', label: 'Telnyx' },
];

/** Search and buy a number (or let the server pick one), for an agent. */
export function BuyNumber({ agents, onDone }: { agents: Agent[]; onDone: (n: PhoneNumber) => void }) {
  const [country, setCountry] = useState('US');
  const [areaCode, setAreaCode] = useState('');
  const [contains, setContains] = useState('');
  const [provider, setProvider] = useState('');
  const [agentId, setAgentId] = useState(agents[0]?.id ?? '');
  const [name, setName] = useState('');
  const [results, setResults] = useState<AvailableNumber[] | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const errs = error instanceof ApiError ? error.fieldErrors() : {};
  const filters = {
    country: country.trim(),
    ...(areaCode.trim() ? { area_code: areaCode.trim() } : {}),
    ...(contains.trim() ? { contains: contains.trim() } : {}),
    ...(provider ? { provider } : {}),
  };
  const run = async (what: string, fn: () => Promise<void>) => {
    setBusy(what);
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  };
  const buy = (phone?: string) =>
    run(phone ?? 'auto', async () => {
      const body = {
        ...filters,
        ...(phone ? { phone_number: phone } : {}),
        ...(agentId ? { agent_id: agentId } : {}),
        ...(name.trim() ? { friendly_name: name.trim() } : {}),
      };
      onDone(await api<PhoneNumber>('POST', '/v1/phone-numbers/purchase', { body }));
    });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void run('search', async () => {
          setResults(
            (
              await api<{ items: AvailableNumber[] }>('GET', '/v1/phone-numbers/search', {
                query: { ...filters, limit: 10 },
              })
            ).items,
          );
        });
      }}
      noValidate
    >
      <div class="grid">
        <TextField
          label="Country"
          value={country}
          onInput={setCountry}
          error={errs.country}
          hint="ISO code, e.g. US, GB."
        />
        <TextField
          label="Area code"
          value={areaCode}
          onInput={setAreaCode}
          error={errs.area_code}
          placeholder="415"
        />
        <TextField
          label="Contains"
          value={contains}
          onInput={setContains}
          error={errs.contains}
          placeholder="555"
        />
        <SelectField
          label="Carrier"
          value={provider}
          onChange={setProvider}
          error={errs.provider}
          options={providerOptions}
        />
        <SelectField
          label="Agent"
          value={agentId}
          onChange={setAgentId}
          error={errs.agent_id}
          options={[{ value: '', label: 'None yet' }, ...agents.map((a) => ({ value: a.id, label: a.name }))]}
        />
        <TextField
          label="Name"
          value={name}
          onInput={setName}
          error={errs.friendly_name}
          placeholder="Sales line"
        />
      </div>
      <FormError error={error} />
      <div class="dialog-footer">
        <button type="button" class="btn" disabled={busy !== undefined} onClick={() => void buy()}>
          {busy === 'auto' ? 'Buying…' : 'Buy the first match'}
        </button>
        <button type="submit" class="btn btn-primary" disabled={busy !== undefined}>
          {busy === 'search' ? 'Searching…' : 'Search'}
        </button>
      </div>
      {results ? (
        results.length === 0 ? (
          <p class="muted">No numbers match. Try another area code.</p>
        ) : (
          <ul class="result-list" aria-label="Available numbers">
            {results.map((r) => (
              <li key={r.phone_number}>
                <span>
                  <strong class="mono">{r.phone_number}</strong>{' '}
                  <span class="muted small">
                    {[r.locality, r.region, r.country, (r as { provider?: string }).provider]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </span>
                <button
                  type="button"
                  class="btn btn-small btn-primary"
                  disabled={busy !== undefined}
                  onClick={() => void buy(r.phone_number)}
                >
                  {busy === r.phone_number ? <Spinner label="Buying" /> : 'Buy'}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </form>
  );
}

/** Register a number you already own at Twilio/Telnyx (carrier API mode, or SIP trunk mode with trunk details). */
export function RegisterNumber({
  agents,
  integrations,
  onDone,
}: {
  agents: Agent[];
  integrations: Integration[];
  onDone: (n: PhoneNumber) => void;
}) {
  const [phone, setPhone] = useState('');
  const [provider, setProvider] = useState('twilio');
  const [agentId, setAgentId] = useState(agents[0]?.id ?? '');
  const [name, setName] = useState('');
  const [credentialId, setCredentialId] = useState('');
  const [sip, setSip] = useState(false);
  const [trunk, setTrunk] = useState({ trunk_address: '', auth_username: '', auth_password: '' });
  const submit = useSubmit(async () => {
    const body = {
      phone_number: phone.trim(),
      provider,
      agent_id: agentId,
      ...(name.trim() ? { friendly_name: name.trim() } : {}),
      ...(credentialId ? { credential_id: credentialId } : {}),
      ...(sip
        ? { provider_config: Object.fromEntries(Object.entries(trunk).filter(([, v]) => v.trim())) }
        : {}),
    };
    onDone(await api<PhoneNumber>('POST', '/v1/phone-numbers', { body }));
  });
  const errs = submit.fields;
  const carrierCreds = integrations.filter((i) => i.provider === provider);
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <div class="grid">
        <TextField
          label="Phone number"
          value={phone}
          onInput={setPhone}
          error={errs.phone_number}
          placeholder="+15551234567"
          hint="E.164, with the + and country code."
        />
        <SelectField
          label="Carrier"
          value={provider}
          onChange={setProvider}
          error={errs.provider}
          options={providerOptions.slice(1)}
        />
        <SelectField
          label="Agent"
          value={agentId}
          onChange={setAgentId}
          error={errs.agent_id}
          options={agents.map((a) => ({ value: a.id, label: a.name }))}
        />
        <TextField
          label="Name"
          value={name}
          onInput={setName}
          error={errs.friendly_name}
          placeholder="Support line"
        />
        {provider !== 'sim' ? (
          <SelectField
            label="Carrier account"
            value={credentialId}
            onChange={setCredentialId}
            error={errs.credential_id}
            options={[
              { value: '', label: 'Server’s platform account' },
              ...carrierCreds.map((c) => ({ value: c.id, label: c.name })),
            ]}
          />
        ) : null}
        {provider !== 'sim' ? (
          <Toggle
            label="Connect through a SIP trunk (LiveKit)"
            checked={sip}
            onChange={setSip}
            hint="Off: Parley drives the carrier API and points the number’s voice webhook at itself."
          />
        ) : null}
        {sip ? (
          <>
            <TextField
              label="Trunk address"
              value={trunk.trunk_address}
              onInput={(v) => setTrunk({ ...trunk, trunk_address: v })}
              error={errs['provider_config.trunk_address']}
              placeholder="acme.pstn.twilio.com"
            />
            <TextField
              label="SIP username"
              value={trunk.auth_username}
              onInput={(v) => setTrunk({ ...trunk, auth_username: v })}
              error={errs['provider_config.auth_username']}
            />
            <TextField
              label="SIP password"
              type="password"
              autoComplete="off"
              value={trunk.auth_password}
              onInput={(v) => setTrunk({ ...trunk, auth_password: v })}
              error={errs['provider_config.auth_password']}
              hint="Stored encrypted, never shown again."
            />
          </>
        ) : null}
      </div>
      <FormFooter
        error={submit.error}
        busy={submit.busy}
        label="Register number"
        busyLabel="Registering…"
        disabled={!phone.trim() || !agentId}
      />
    </form>
  );
}
