import { describe, expect, it } from 'vitest';
import {
  type DoublesLateness,
  medianLateness,
  readDoublesLateness,
  serveDoublesLateness,
} from '../../bench/capacity/doubles-lateness.ts';
import { summarize } from '../../bench/lib/stats.ts';

describe("the doubles' window", () => {
  it('counts the LLM and TTS connections accepted since the last read', async () => {
    const served = await serveDoublesLateness();
    const accepted = { llm: 7, tts: 3 };
    try {
      expect((await readDoublesLateness(served.url)).connections).toBeUndefined();
      served.countConnections(() => ({ ...accepted }));
      accepted.llm += 50;
      accepted.tts += 25;
      expect((await readDoublesLateness(served.url)).connections).toEqual({ llm: 50, tts: 25 });
      accepted.llm += 4;
      expect((await readDoublesLateness(served.url)).connections).toEqual({ llm: 4, tts: 0 });
    } finally {
      await served.close();
    }
  });

  it('gives connections per call as the median over the runs, and none for runs from before the count', () => {
    const run = (llm?: number): DoublesLateness => ({
      first_token_ms: summarize([0.1, 2]),
      final_and_first_audio_ms: summarize([0.2, 3]),
      ...(llm === undefined ? {} : { connections: { llm, tts: llm * 2 } }),
    });
    expect(medianLateness([run(50), run(60), run(100)], 50)?.connections_per_call).toEqual({
      llm: 1.2,
      tts: 2.4,
    });
    const old = medianLateness([run()], 50);
    expect(old?.first_token_ms).toEqual({ p50: 0.1, p99: 2 });
    expect(old?.connections_per_call).toBeUndefined();
  });
});
