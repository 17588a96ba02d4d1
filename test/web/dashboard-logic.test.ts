/** The dashboard's pure logic (no DOM): latency turns, sim scripts, tool bodies, PATCH diffs, filters, formats. */
import { describe, expect, it } from 'vitest';
import { formatCents, formatOffset, titleCase } from '../../web/src/lib/format.ts';
import { changedKeys, patchBody } from '../../web/src/pages/agents/drafts.ts';
import { filterQuery, readFilters } from '../../web/src/pages/calls/call-filters-query.ts';
import { niceMax, percentile, responsePercentiles, turnsOf } from '../../web/src/pages/calls/latency.ts';
import { fromSimSteps, type StepRow, toSimSteps } from '../../web/src/pages/simulate/sim-script.ts';
import { draftOf, flattenErrors, toolBody } from '../../web/src/pages/tools/tool-draft.ts';

describe('latency turns', () => {
  const events = [
    { turn: 2, type: 'eou_delay', ms: 280 },
    { turn: 1, type: 'eou_delay', ms: 300 },
    { turn: 1, type: 'stt', ms: 90 },
    { turn: 1, type: 'llm_ttft', ms: 180 },
    { turn: 1, type: 'tts_ttfb', ms: 90 },
    { turn: 1, type: 'e2e', ms: 650 },
    { turn: 2, type: 'tool:book', ms: 100 },
    { turn: 2, type: 'tool:lookup', ms: 40 },
    { turn: 2, type: 'kb', ms: 20 },
    { turn: 2, type: 'llm_ttft', ms: 200 },
  ];

  it('groups events by turn in order, stacking stages and summing tool:<name> under tools', () => {
    const turns = turnsOf({ events });
    expect(turns.map((t) => t.turn)).toEqual([1, 2]);
    expect(turns[0]).toMatchObject({
      total: 660,
      e2e: 650,
      parts: { eou_delay: 300, stt: 90, llm_ttft: 180, tts_ttfb: 90 },
    });
    expect(turns[1]).toMatchObject({
      total: 640,
      e2e: undefined,
      tools: ['book', 'lookup'],
      parts: { tool: 140, kb: 20 },
    });
  });

  it('is empty without events and ignores non-numeric values', () => {
    expect(turnsOf(null)).toEqual([]);
    expect(turnsOf({ events: [{ turn: 1, type: 'stt', ms: Number.NaN }] })).toEqual([]);
  });

  it('takes p50/p90/p99 from the e2e aggregate, else from the turns (nearest rank)', () => {
    expect(responsePercentiles({ e2e: { p50_ms: 600, p90_ms: 800, p99_ms: 900 } }, [])).toEqual({
      p50: 600,
      p90: 800,
      p99: 900,
    });
    const turns = turnsOf({ events });
    expect(responsePercentiles({ events }, turns)).toEqual({ p50: 640, p90: 650, p99: 650 });
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([], 50)).toBeUndefined();
  });

  it('rounds the axis up to 1, 2, 2.5 or 5 × 10^n', () => {
    expect([0, 1, 3, 180, 240, 700, 1200].map(niceMax)).toEqual([100, 1, 5, 200, 250, 1000, 2000]);
  });
});

describe('sim scripts (decisions §9)', () => {
  const rows: StepRow[] = [
    { kind: 'say', text: 'Hi', ms: '600' },
    { kind: 'say', text: 'No pause given', ms: '' },
    { kind: 'barge_in', text: 'Wait!', ms: '1200' },
    { kind: 'dtmf', text: '1', ms: '' },
    { kind: 'silence', text: '', ms: '15000' },
    { kind: 'hangup', text: '', ms: '' },
  ];
  it('turns editor rows into steps and back', () => {
    const steps = toSimSteps(rows);
    expect(steps).toEqual([
      { say: 'Hi', after_ms: 600 },
      { say: 'No pause given' },
      { say: 'Wait!', barge_in_ms: 1200 },
      { dtmf: '1' },
      { silence_ms: 15000 },
      { hangup: true },
    ]);
    expect(toSimSteps(fromSimSteps(steps))).toEqual(steps);
  });
});

describe('tool bodies', () => {
  it('sends only the fields of the tool type', () => {
    const d = {
      ...draftOf(),
      type: 'transfer_call' as const,
      name: 'to_human',
      transfer_to: '+15105550100',
      url: 'https://x',
    };
    expect(toolBody(d)).toEqual({
      type: 'transfer_call',
      name: 'to_human',
      description: null,
      run_in_background: false,
      speak_during_execution: false,
      transfer_to: '+15105550100',
    });
  });

  it('turns parameter rows into the API shape (enum from a comma list)', () => {
    const d = {
      ...draftOf(),
      name: 'lookup',
      url: 'https://api.example.com',
      parameters: [{ name: 'size', type: 'string', required: true, description: 'Size', enum: 's, m ,l' }],
    };
    expect(toolBody(d).parameters).toEqual([
      { name: 'size', type: 'string', required: true, description: 'Size', enum: ['s', 'm', 'l'] },
    ]);
  });

  it('maps nested 422 locations onto the flat form fields', () => {
    expect(
      flattenErrors({ 'messaging_config.to': 'a', 'extraction_schema.fields.0.name': 'b', url: 'c' }),
    ).toEqual({
      to: 'a',
      'fields.0.name': 'b',
      url: 'c',
    });
  });
});

describe('agent PATCH bodies', () => {
  it('contains only changed keys; cleared text fields become null', () => {
    const before = { name: 'A', first_message: 'Hi' as string | null, tts: { speed: 1 } };
    const after = { name: 'A', first_message: '', tts: { speed: 1.2 } };
    expect(changedKeys(before, after)).toEqual(['first_message', 'tts']);
    expect(patchBody(before, after, ['first_message'])).toEqual({ first_message: null, tts: { speed: 1.2 } });
  });
});

describe('call filters', () => {
  it('reads the URL and sends whole local days as created_after / created_before', () => {
    const f = readFilters(
      new URLSearchParams('status=completed&from=2026-06-01&to=2026-06-02&outcome=interested'),
    );
    const q = filterQuery(f);
    expect(q).toMatchObject({ status: 'completed', outcome: 'interested', agent_id: undefined });
    expect(new Date(q.created_before!).getTime() - new Date(q.created_after!).getTime()).toBe(2 * 86_400_000);
    expect(new Date(q.created_after!).getDate()).toBe(1);
  });
});

describe('formats', () => {
  it('shows money, offsets and outcome labels the way the pages do', () => {
    expect([formatCents(null), formatCents(0), formatCents(190), formatCents(0.0015)]).toEqual([
      '—',
      '$0.00',
      '$1.90',
      '0.0015¢',
    ]);
    expect([formatOffset(0), formatOffset(2600), formatOffset(61_250)]).toEqual([
      '0:00.0',
      '0:02.6',
      '1:01.3',
    ]);
    expect(titleCase('appointment_booked')).toBe('Appointment Booked');
  });
});
