import type { CallRecord, CallRepo } from '../domain/call/call.ts';
import type { CallLifecycleService, PostCallJobs } from '../domain/call/call-lifecycle-service.ts';
import type { SlotLeases } from '../domain/call/call-slots.ts';
import type { WatchdogRepo } from '../domain/call/watchdog-repo.ts';
import type { CallEventPublisher } from '../domain/webhook/call-event-publisher.ts';
import type { WebhookOutbox } from '../domain/webhook/webhook-outbox.ts';
import type { Clock, Timer } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';

export interface WatchdogDeps {
  repo: WatchdogRepo;
  calls: Pick<CallRepo, 'get' | 'end'>;
  slots: SlotLeases;
  lifecycle: Pick<CallLifecycleService, 'ended' | 'startWaiting'>;
  events: Pick<CallEventPublisher, 'started'>;
  jobs: Pick<PostCallJobs, 'finalize'>;
  outbox: Pick<WebhookOutbox, 'sweep'>;
  /** Expires the webhook-attempt claims of earlier runs (see PgOutboxRepo.expireEarlierClaims). */
  expireEarlierClaims: (allOtherHolders: boolean) => Promise<number>;
  clock: Clock;
  logger: Logger;
  /** Slot lease length; leases are renewed every third of it. */
  leaseMs: number;
}

/** What one pass did (for logs and tests). */
export interface WatchdogReport {
  failed: number;
  finalizing: number;
  deliveriesRestarted: number;
  workspacesPumped: number;
}

const batch = 100;
/** An ended call's post-call job normally finishes within seconds; after this long it is restarted. */
const finalizeGraceMs = 10_000;
/** A live call with no slot that has not changed for this long is dead (max_duration_seconds is at most 2 h). */
const slotlessDeadMs = 2 * 60 * 60_000 + 10 * 60_000;
const tickMs = 5_000;

/**
 * Keeps every accepted call's promises across crashes and nodes: renews this process's leases;
 * fails calls whose process died (`failed`/`server_restart`, then their post-call job and terminal
 * webhook); restarts post-call jobs and webhook deliveries that were lost; frees stale slots and
 * starts queued calls that can now take one. Every step is idempotent and safe on every node.
 */
export class Watchdog {
  private timers: (Timer | undefined)[] = [];
  private running = false;

  constructor(private readonly d: WatchdogDeps) {}

  /**
   * On start: the slot leases and webhook-attempt claims of earlier runs of this node are dead at
   * once (all other holders when the store is embedded, since only one process can open it), then
   * one full pass.
   */
  async recover(opts: { allOtherHoldersDead: boolean; stableNodeId: boolean }): Promise<WatchdogReport> {
    if (opts.allOtherHoldersDead || opts.stableNodeId) {
      await this.d.slots.expireEarlierRuns(opts.allOtherHoldersDead);
      await this.d.expireEarlierClaims(opts.allOtherHoldersDead);
    }
    return this.tick({ slotlessAreDead: opts.allOtherHoldersDead });
  }

  /** One pass; `slotlessAreDead` = every live call without a slot belongs to a dead process. */
  async tick(opts: { slotlessAreDead?: boolean } = {}): Promise<WatchdogReport> {
    const now = this.d.clock.now();
    const { repo } = this.d;
    const dead = [
      ...(await repo.expiredLiveCalls(new Date(now), batch)),
      ...(await repo.slotlessLiveCalls(
        new Date(opts.slotlessAreDead ? now + 1 : now - slotlessDeadMs),
        batch,
      )),
    ];
    let failed = 0;
    for (const c of dead) if (await this.failCall(c.org_id, c.id)) failed++;
    const late = await repo.unfinalized(new Date(now - finalizeGraceMs), batch);
    for (const c of late) await this.d.jobs.finalize(c.org_id, c.id);
    const orgs = new Set([
      ...(await repo.releaseStaleSlots(new Date(now))),
      ...(await repo.workspacesWithWaitingCalls(new Date(now), batch)),
    ]);
    let pumped = 0;
    for (const org of orgs) if ((await this.d.lifecycle.startWaiting(org)) > 0) pumped++;
    const deliveriesRestarted = await this.d.outbox.sweep();
    const report = { failed, finalizing: late.length, deliveriesRestarted, workspacesPumped: pumped };
    if (failed || late.length || deliveriesRestarted || pumped) this.d.logger.info(report, 'watchdog pass');
    return report;
  }

  /** Run `tick` every 5 s and renew leases every third of the lease, until `stop`. */
  start(): void {
    this.running = true;
    this.every(0, Math.floor(this.d.leaseMs / 3), () => this.d.slots.renew());
    this.every(1, tickMs, () => this.tick());
  }

  stop(): void {
    this.running = false;
    for (const t of this.timers) if (t !== undefined) this.d.clock.clearTimeout(t);
    this.timers = [];
  }

  /** Run `fn` `ms` after the previous run finished (never two at once), in timer slot `slot`. */
  private every(slot: number, ms: number, fn: () => Promise<unknown>): void {
    this.timers[slot] = this.d.clock.setTimeout(async () => {
      if (!this.running) return;
      try {
        await fn();
      } catch (err) {
        this.d.logger.error({ err }, 'watchdog step failed');
      }
      if (this.running) this.every(slot, ms, fn);
    }, ms);
  }

  /**
   * End a call whose process died. A connected call gets its `call.started` first (if that node
   * never sent it), so its terminal event is `call.ended`; one that never connected gets `call.failed`.
   */
  async failCall(orgId: string, callId: string): Promise<boolean> {
    const call: CallRecord | undefined = await this.d.calls.get(orgId, callId);
    if (!call || (call.status !== 'initiated' && call.status !== 'in_progress')) return false;
    if (call.status === 'in_progress') await this.d.events.started(call);
    const ended = await this.d.calls.end(
      call.org_id,
      call.id,
      'server_restart',
      {
        ended_at: new Date(this.d.clock.now()).toISOString(),
        error_message: 'The Parley process running this call stopped before it ended.',
      },
      [call.status],
    );
    if (!ended) return false;
    this.d.logger.warn(
      { callId: call.id, status: call.status },
      'call of a dead process failed (server_restart)',
    );
    await this.d.lifecycle.ended(call.org_id, call.id);
    return true;
  }
}
