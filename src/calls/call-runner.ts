import type { CallRecord } from '../domain/call/call.ts';
import type { CallLauncher } from '../domain/call/call-launcher.ts';
import { renderTranscript } from '../domain/call/call-progress.ts';
import type { EndReason } from '../domain/call/call-status.ts';
import { creditsFor } from '../domain/call/call-view.ts';
import type { RecordingStore } from '../providers/storage/recording-store.ts';
import type { CallLeg, CallLegOptions } from '../providers/telephony/call-leg.ts';
import { CallRun, type CallRunDeps, type Ending } from './call-run.ts';

/** Makes the leg of a call on one carrier's number (`sim`; Twilio and Telnyx plug in here too). */
export type CarrierLegs = Record<string, (call: CallRecord, opts: CallLegOptions) => CallLeg>;

export interface CallRunnerDeps extends CallRunDeps {
  carriers: CarrierLegs;
  recordings: RecordingStore;
}

/**
 * The call engine behind the Calls API (the real `CallLauncher`): places each call on its
 * carrier's leg, runs it to the end in the background, then writes messages, transcript, latency,
 * credits and the recording before the terminal status, and tells the lifecycle (post-call job,
 * slots, webhooks). Keeps the
 * calls live in this process so `stop` can hang them up.
 */
export class CallRunner implements CallLauncher {
  private readonly live = new Map<string, { run: CallRun; done: Promise<void> }>();

  constructor(private readonly d: CallRunnerDeps) {}

  async launch(call: CallRecord): Promise<void> {
    // Web calls run on the `web` leg, which connects when the browser joins (none installed: left as created).
    if (call.type === 'web' && !this.d.carriers.web) return;
    const legOf =
      call.type === 'web' ? this.d.carriers.web : call.carrier ? this.d.carriers[call.carrier] : undefined;
    if (!legOf)
      throw new Error(
        `Calls on ${call.carrier ?? 'unknown'} numbers cannot be placed by this server; use a sim number (POST /v1/phone-numbers/purchase).`,
      );
    // A bad leg (e.g. an invalid sim script) fails the call now, before anything is dialled.
    const leg = legOf(call, { direction: call.direction, metadata: call.metadata });
    const { track, calls, clock } = this.d;
    const at = new Date(clock.now()).toISOString();
    const started = await track(
      calls.transition(call.org_id, call.id, 'initiated', { field: 'started_at', at }),
    );
    if (!started) return;
    const run = new CallRun(started, leg, this.d);
    const done = run.run().then((ending) => this.finish(started, run, ending));
    this.live.set(call.id, { run, done });
    void done.finally(() => this.live.delete(call.id));
  }

  /** Hang up a live call of this process and wait until its record is written. */
  async stop(callId: string, reason: EndReason): Promise<void> {
    const entry = this.live.get(callId);
    if (!entry) return;
    await entry.run.stop(reason);
    await entry.done;
  }

  /** Calls running in this process. */
  get liveCount(): number {
    return this.live.size;
  }

  /** Resolves when the call's run (if it is live here) has finished and been written down. */
  async settled(callId: string): Promise<void> {
    await this.live.get(callId)?.done;
  }

  /** Hang up every live call (`server_restart`) and wait for their records; for shutdown. */
  async close(): Promise<void> {
    await Promise.all([...this.live.keys()].map((id) => this.stop(id, 'server_restart')));
  }

  /** Post-call data first, then the terminal status, then the post-call job; never throws. */
  private async finish(call: CallRecord, run: CallRun, ending: Ending | undefined): Promise<void> {
    if (!ending) return;
    const { track, logger, clock } = this.d;
    const res = ending.result;
    try {
      const duration = res?.duration_seconds ?? 0;
      let recordingKey: string | null = null;
      if (res?.recording && run.recordingEnabled)
        recordingKey = await track(this.d.recordings.put(call.id, res.recording.wav)).catch(
          (err: unknown) => {
            logger.error({ err, callId: call.id }, 'recording could not be stored');
            return null;
          },
        );
      const messages = res?.messages ?? [];
      await track(
        this.d.progress.saveOutcome(call.org_id, call.id, {
          duration_seconds: duration,
          credits_used: creditsFor(duration),
          messages,
          transcript: renderTranscript(messages),
          latency: res ? (res.latency as unknown as Record<string, unknown>) : null,
          recording_key: recordingKey,
          analysis:
            res && Object.keys(res.extracted_data).length > 0 ? { extracted_data: res.extracted_data } : {},
          ...(ending.outcome ? { outcome: ending.outcome } : {}),
        }),
      );
      await track(
        this.d.calls.end(call.org_id, call.id, ending.reason, {
          ended_at: new Date(clock.now()).toISOString(),
          error_message: ending.error,
        }),
      );
      await track(this.d.lifecycle.ended(call.org_id, call.id));
    } catch (err) {
      logger.error({ err, callId: call.id }, 'call record could not be written');
      await track(
        this.d.calls.end(call.org_id, call.id, 'error', {
          ended_at: new Date(clock.now()).toISOString(),
          error_message: 'The call ended but its record could not be written.',
        }),
      ).catch(() => undefined);
    }
  }
}
