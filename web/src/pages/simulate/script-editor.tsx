import { useState } from 'preact/hooks';
import { Toggle } from '../../components/form.tsx';
import { fromSimSteps, type SimStep, type StepRow, stepKinds, toSimSteps } from './sim-script.ts';

/** The callee's script: step rows, or the same as JSON (decisions §9 step format). */
export function ScriptEditor({
  legend,
  useScript,
  onUseScript,
  steps,
  onSteps,
}: {
  legend: string;
  useScript: boolean;
  onUseScript: (v: boolean) => void;
  steps: StepRow[];
  onSteps: (s: StepRow[]) => void;
}) {
  const [asJson, setAsJson] = useState(false);
  const [json, setJson] = useState('');
  const [jsonError, setJsonError] = useState<string | undefined>(undefined);
  const update = (i: number, patch: Partial<StepRow>) =>
    onSteps(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <fieldset class="script">
      <legend>{legend}</legend>
      <Toggle
        label="Use a script"
        checked={useScript}
        onChange={onUseScript}
        hint="Off: a default persona answers, replies briefly three times, says goodbye and hangs up."
      />
      {useScript ? (
        <>
          <div class="row-gap">
            <button
              type="button"
              class="btn btn-small"
              aria-pressed={asJson}
              onClick={() => {
                if (!asJson) setJson(JSON.stringify(toSimSteps(steps), null, 2));
                setAsJson(!asJson);
                setJsonError(undefined);
              }}
            >
              {asJson ? 'Edit as steps' : 'Edit as JSON'}
            </button>
          </div>
          {asJson ? (
            <div class={`field${jsonError ? ' field-invalid' : ''}`}>
              <label for="script-json">Script JSON</label>
              <textarea
                id="script-json"
                class="mono"
                rows={10}
                value={json}
                onInput={(e) => {
                  const t = (e.target as HTMLTextAreaElement).value;
                  setJson(t);
                  try {
                    const v = JSON.parse(t) as unknown;
                    if (!Array.isArray(v)) throw new Error('The script is a JSON array of steps.');
                    onSteps(fromSimSteps(v as SimStep[]));
                    setJsonError(undefined);
                  } catch (err) {
                    setJsonError((err as Error).message);
                  }
                }}
              />
              {jsonError ? <p class="field-error">{jsonError}</p> : null}
            </div>
          ) : (
            <ol class="script-steps">
              {steps.map((s, i) => (
                <li key={i} class="script-step">
                  <select
                    class="step-kind"
                    aria-label={`Step ${i + 1} kind`}
                    value={s.kind}
                    onChange={(e) =>
                      update(i, { kind: (e.target as HTMLSelectElement).value as StepRow['kind'] })
                    }
                  >
                    {stepKinds.map((k) => (
                      <option key={k.value} value={k.value}>
                        {k.label}
                      </option>
                    ))}
                  </select>
                  {s.kind === 'say' || s.kind === 'barge_in' || s.kind === 'dtmf' ? (
                    <input
                      class="step-text"
                      aria-label={`Step ${i + 1} ${s.kind === 'dtmf' ? 'keys' : 'words'}`}
                      value={s.text}
                      placeholder={s.kind === 'dtmf' ? '1' : 'What the caller says'}
                      onInput={(e) => update(i, { text: (e.target as HTMLInputElement).value })}
                    />
                  ) : (
                    <span class="step-text" />
                  )}
                  {s.kind === 'say' || s.kind === 'barge_in' || s.kind === 'silence' ? (
                    <input
                      class="step-ms"
                      aria-label={`Step ${i + 1} ${s.kind === 'say' ? 'pause before, ms' : s.kind === 'barge_in' ? 'ms into the agent’s turn' : 'silence, ms'}`}
                      inputMode="numeric"
                      value={s.ms}
                      placeholder={s.kind === 'say' ? 'after ms' : 'ms'}
                      onInput={(e) => update(i, { ms: (e.target as HTMLInputElement).value })}
                    />
                  ) : (
                    <span class="step-ms" />
                  )}
                  <span class="row-gap step-actions">
                    <button
                      type="button"
                      class="btn btn-small btn-ghost"
                      aria-label={`Move step ${i + 1} up`}
                      disabled={i === 0}
                      onClick={() => onSteps(move(steps, i, -1))}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      class="btn btn-small btn-ghost"
                      aria-label={`Remove step ${i + 1}`}
                      onClick={() => onSteps(steps.filter((_, j) => j !== i))}
                    >
                      ✕
                    </button>
                  </span>
                </li>
              ))}
            </ol>
          )}
          {asJson ? null : (
            <button
              type="button"
              class="btn btn-small"
              onClick={() => onSteps([...steps, { kind: 'say', text: '', ms: '600' }])}
            >
              Add step
            </button>
          )}
        </>
      ) : null}
    </fieldset>
  );
}

function move<T>(list: T[], i: number, d: number): T[] {
  const out = [...list];
  const [x] = out.splice(i, 1);
  out.splice(i + d, 0, x!);
  return out;
}
