import type { CallMessage } from '../../api/types.ts';
import { formatOffset } from '../../lib/format.ts';

const roleLabel: Record<string, string> = {
  assistant: 'Agent',
  user: 'Caller',
  tool: 'Tool',
  system: 'System',
};

function pretty(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') {
    try {
      return JSON.stringify(JSON.parse(v), null, 2);
    } catch {
      return v;
    }
  }
  return JSON.stringify(v, null, 2);
}

/**
 * The conversation: who spoke when, interruptions, and tool calls with their arguments and result.
 * With a recording, each timestamp is a button that seeks the audio; the message playing is highlighted.
 */
export function Transcript({
  messages,
  currentMs,
  onSeek,
  live,
  emptyText,
}: {
  emptyText?: string;
  messages: CallMessage[];
  currentMs: number | undefined;
  onSeek: ((ms: number) => void) | undefined;
  live: boolean;
}) {
  if (messages.length === 0)
    return (
      <p class="muted">
        {live
          ? 'Waiting for the first words…'
          : (emptyText ?? 'No transcript for this call (it may not have connected).')}
      </p>
    );
  return (
    <ol class="transcript" aria-live={live ? 'polite' : 'off'}>
      {messages.map((m, i) => {
        const playing =
          currentMs !== undefined &&
          currentMs > 0 &&
          m.start_ms !== undefined &&
          m.end_ms !== undefined &&
          currentMs >= m.start_ms &&
          currentMs < m.end_ms;
        return (
          <li key={`${i}-${m.start_ms ?? ''}`} class={`msg msg-${m.role}${playing ? ' msg-playing' : ''}`}>
            <div class="msg-meta">
              <span class="msg-role">{roleLabel[m.role] ?? m.role}</span>
              {m.start_ms !== undefined ? (
                onSeek ? (
                  <button
                    type="button"
                    class="msg-time"
                    onClick={() => onSeek(m.start_ms!)}
                    aria-label={`Play from ${formatOffset(m.start_ms)}`}
                  >
                    {formatOffset(m.start_ms)}
                  </button>
                ) : (
                  <span class="msg-time">{formatOffset(m.start_ms)}</span>
                )
              ) : null}
              {m.interrupted ? (
                <span
                  class="badge badge-warn"
                  title="The caller talked over the agent; only what they heard is kept"
                >
                  Interrupted
                </span>
              ) : null}
            </div>
            {m.role === 'tool' ? (
              <div class="msg-tool">
                <p>
                  <span class="mono">{m.name ?? 'tool'}</span>
                  {m.content ? <> — {m.content}</> : null}
                </p>
                {m.arguments !== undefined ? (
                  <details>
                    <summary>Arguments</summary>
                    <pre>{pretty(m.arguments)}</pre>
                  </details>
                ) : null}
                {m.result !== undefined ? (
                  <details>
                    <summary>Result</summary>
                    <pre>{pretty(m.result)}</pre>
                  </details>
                ) : null}
              </div>
            ) : (
              <p class="msg-text">
                {m.content}
                {m.interrupted ? (
                  <span class="msg-cut" aria-hidden="true">
                    {' '}
                    —
                  </span>
                ) : null}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
