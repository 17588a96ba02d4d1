import { describe, expect, it } from 'vitest';
import { inboundTargets, mergeInboundRouting } from './inbound-routing.ts';

const full = { agent_id: 'agt_a', fallback: { agent_id: 'agt_b' }, voicemail_message: 'hi' };

describe('mergeInboundRouting', () => {
  const cases: [string, Parameters<typeof mergeInboundRouting>[1], ReturnType<typeof mergeInboundRouting>][] =
    [
      ['undefined keeps everything', undefined, full],
      ['null clears everything', null, null],
      ['{} keeps everything', {}, full],
      ['fallback null clears only the fallback', { fallback: null }, { ...full, fallback: null }],
      ['agent_id omitted keeps it', { voicemail_message: 'x' }, { ...full, voicemail_message: 'x' }],
      ['agent_id null clears it', { agent_id: null }, { ...full, agent_id: null }],
      [
        'a new fallback replaces it',
        { fallback: { agent_id: 'agt_c' } },
        { ...full, fallback: { agent_id: 'agt_c' } },
      ],
      [
        'clearing every field leaves no routing',
        { agent_id: null, fallback: null, voicemail_message: null },
        null,
      ],
    ];
  for (const [label, update, want] of cases)
    it(label, () => {
      expect(mergeInboundRouting(full, update)).toEqual(want);
    });

  it('starts from empty when nothing is stored', () => {
    expect(mergeInboundRouting(null, { fallback: { agent_id: 'agt_b' } })).toEqual({
      agent_id: null,
      fallback: { agent_id: 'agt_b' },
      voicemail_message: null,
    });
  });
});

describe('inboundTargets', () => {
  it('routing agent first, else the number’s agent', () => {
    expect(inboundTargets({ agent_id: 'agt_n', inbound_routing: full })).toEqual({
      agentId: 'agt_a',
      fallbackAgentId: 'agt_b',
      voicemailMessage: 'hi',
    });
    expect(inboundTargets({ agent_id: 'agt_n', inbound_routing: null })).toEqual({
      agentId: 'agt_n',
      fallbackAgentId: null,
      voicemailMessage: null,
    });
  });
});
