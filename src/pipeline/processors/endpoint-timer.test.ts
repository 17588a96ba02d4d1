import { describe, expect, it } from 'vitest';
import { final, LaggingVad, setup, started, stopped } from '../testing/turn-harness.ts';
import { maxVadLagMs, vadSlackMs } from './endpoint-timer.ts';

describe('TurnTakingProcessor endpointing behind a lagging VAD', () => {
  it('keeps the turn open when speech the VAD had not yet scored resumed before the deadline', async () => {
    // Without the VAD's progress, the clock alone ends the turn mid-sentence.
    const plain = setup();
    await plain.at(0, started(0));
    await plain.at(1200, stopped(1000), final('I want'));
    await plain.at(1300);
    await plain.at(1340, started(1280));
    expect(plain.h.of('user.turn').map((t) => t.text)).toEqual(['I want']);

    const vad = new LaggingVad();
    const { h, at } = setup({}, false, vad);
    await at(0, started(0));
    vad.hear(1100);
    await at(1200, stopped(1000), final('I want'));
    vad.hear(1200);
    await at(1300);
    expect(h.of('user.turn')).toHaveLength(0);
    // The scored window that holds the resumed speech arrives late, dated before the deadline.
    await at(1340, started(1280));
    vad.hear(1340);
    await at(2000, stopped(1900), final('a table'));
    vad.hear(2100);
    await at(2200);
    expect(h.of('user.turn')).toHaveLength(0);
    await at(2240);
    vad.hear(2200 - vadSlackMs);
    expect(h.of('user.turn').map((t) => [t.text, t.speechEndMs, t.atMs])).toEqual([
      ['I want a table', 1900, 2240],
    ]);
    expect(h.of('metric')[0]).toMatchObject({ name: 'eou_delay', ms: 340 });
  });

  it('ends the turn as soon as the VAD has heard to within its usual lag of the deadline', async () => {
    const vad = new LaggingVad();
    const { h, at } = setup({}, false, vad);
    await at(0, started(0));
    await at(1200, stopped(1000), final('Hello'));
    vad.hear(1300 - vadSlackMs - 1);
    await at(1320);
    expect(h.of('user.turn')).toHaveLength(0);
    vad.hear(1300 - vadSlackMs);
    expect(h.of('user.turn').map((t) => [t.text, t.atMs])).toEqual([['Hello', 1320]]);
  });

  it('waits for the verdict on sound that came back just before the deadline', async () => {
    const vad = new LaggingVad();
    const { h, at } = setup({}, false, vad);
    await at(0, started(0));
    vad.voicedUntilMs = 1000;
    await at(1200, stopped(1000), final('I want'));
    // The VAD keeps up, but the caller's voice came back at 1280: a start is reported a window later.
    vad.voicedUntilMs = 1296;
    vad.hear(1300);
    await at(1300);
    expect(h.of('user.turn')).toHaveLength(0);
    await at(1330, started(1280));
    vad.hear(1332);
    await at(1700, stopped(1600), final('a table'));
    vad.voicedUntilMs = 1600;
    vad.hear(1900);
    await at(1900);
    expect(h.of('user.turn').map((t) => [t.text, t.atMs])).toEqual([['I want a table', 1900]]);
  });

  it('ends the turn a window late when the sound that came back is not speech', async () => {
    const vad = new LaggingVad();
    const { h, at } = setup({}, false, vad);
    await at(0, started(0));
    await at(1200, stopped(1000), final('Hello'));
    vad.voicedUntilMs = 1290;
    vad.hear(1300);
    await at(1300);
    expect(h.of('user.turn')).toHaveLength(0);
    await at(1325);
    vad.hear(1322);
    expect(h.of('user.turn').map((t) => [t.text, t.atMs])).toEqual([['Hello', 1325]]);
  });

  it('ends the turn anyway when the VAD hears nothing more (the audio stopped coming)', async () => {
    const vad = new LaggingVad();
    const { h, at } = setup({}, false, vad);
    await at(0, started(0));
    await at(1200, stopped(1000), final('Hello'));
    await at(1300 + maxVadLagMs - 1);
    expect(h.of('user.turn')).toHaveLength(0);
    await at(1300 + maxVadLagMs);
    expect(h.of('user.turn').map((t) => [t.text, t.atMs])).toEqual([['Hello', 1300 + maxVadLagMs]]);
  });
});
