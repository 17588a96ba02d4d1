import type { Call } from '../../api/types.ts';
import { humanize } from '../../lib/format.ts';

const shown = new Set(['outcome', 'summary', 'extracted_data', 'outcome_source']);

function Value({ v }: { v: unknown }) {
  if (v === null || v === undefined || v === '') return <span class="muted">—</span>;
  if (typeof v === 'object') return <pre class="json">{JSON.stringify(v, null, 2)}</pre>;
  return <>{String(v)}</>;
}

/** The AI summary, the analysis fields and each extract_information tool's data. */
export function CallAnalysis({ call }: { call: Call }) {
  const a = call.analysis ?? {};
  const summary = call.ai_summary ?? (typeof a.summary === 'string' ? a.summary : null);
  const extracted = (a.extracted_data ?? {}) as Record<string, Record<string, unknown>>;
  const other = Object.entries(a).filter(([k]) => !shown.has(k));
  const meta = [
    ...Object.entries(call.variables ?? {}).map(([k, v]) => [`variables.${k}`, v] as const),
    ...Object.entries(call.metadata ?? {})
      .filter(([k]) => k !== 'sim')
      .map(([k, v]) => [`metadata.${k}`, v] as const),
  ];
  const ended = call.status === 'completed' || call.status === 'failed';
  return (
    <div class="analysis">
      {summary ? (
        <p>{summary}</p>
      ) : (
        <p class="muted">
          {ended ? 'No summary for this call.' : 'The summary is written after the call ends.'}
        </p>
      )}
      {Object.keys(extracted).length ? (
        <>
          <h3>Extracted data</h3>
          {Object.entries(extracted).map(([tool, data]) => (
            <div key={tool} class="extracted">
              <p class="mono small">{tool}</p>
              <dl class="details details-compact">
                {Object.entries(data ?? {}).map(([k, v]) => (
                  <div key={k}>
                    <dt>{humanize(k)}</dt>
                    <dd>
                      <Value v={v} />
                    </dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </>
      ) : null}
      {other.length ? (
        <>
          <h3>Analysis</h3>
          <dl class="details details-compact">
            {other.map(([k, v]) => (
              <div key={k}>
                <dt>{humanize(k)}</dt>
                <dd>
                  <Value v={v} />
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      {meta.length ? (
        <details>
          <summary>Variables and metadata</summary>
          <dl class="details details-compact">
            {meta.map(([k, v]) => (
              <div key={k}>
                <dt class="mono">{k}</dt>
                <dd>
                  <Value v={v} />
                </dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
    </div>
  );
}
