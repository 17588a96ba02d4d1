import type { CallRecord } from '../domain/call/call.ts';
import type { CallLauncher } from '../domain/call/call-launcher.ts';
import type { CallSlots } from '../domain/call/call-slots.ts';
import type { EndReason } from '../domain/call/call-status.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { ControlBus, ControlMessage } from './control-bus.ts';
import type { NodeIdentity } from './node-identity.ts';

export interface ClusterCallLauncherDeps {
  /** The engine of this process. */
  local: CallLauncher;
  slots: Pick<CallSlots, 'holderOf'>;
  bus: ControlBus;
  node: NodeIdentity;
  /** End a live call whose process died (the watchdog's path: `failed`/`server_restart`). */
  failOrphan: (orgId: string, callId: string) => Promise<void>;
  clock: Clock;
  logger: Logger;
  /** How long a stop waits for the process running the call to confirm. */
  stopTimeoutMs?: number;
}

/**
 * The CallLauncher the API uses when several processes share one store: a call runs in the process
 * holding its slot, so `stop` is done there — directly when that is this process, over the control
 * bus otherwise (waiting for the other process to confirm), and by the watchdog's rule when that
 * process is dead (its lease expired).
 */
export class ClusterCallLauncher implements CallLauncher {
  private readonly waiting = new Map<string, Set<() => void>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly d: ClusterCallLauncherDeps) {
    this.unsubscribe = d.bus.subscribe((m) => void this.onMessage(m));
  }

  launch(call: CallRecord): Promise<void> {
    return this.d.local.launch(call);
  }

  async stop(callId: string, reason: EndReason): Promise<void> {
    const { node } = this.d;
    const holder = await this.d.slots.holderOf(callId);
    if (!holder || holder.holder === node.holder) return this.d.local.stop(callId, reason);
    if (holder.expired) return this.d.failOrphan(holder.orgId, callId);
    const confirmed = this.confirmation(callId);
    await this.d.bus.publish({ type: 'stop', callId, reason, to: holder.holder, from: node.holder });
    if (!(await confirmed))
      this.d.logger.warn(
        { callId, holder: holder.holder },
        'stop not confirmed by the process running the call',
      );
  }

  /** Stop listening (the bus itself is closed by its owner). */
  close(): void {
    this.unsubscribe();
  }

  /** Resolves true when `stopped` arrives for the call, false after the timeout. */
  private confirmation(callId: string): Promise<boolean> {
    return new Promise((resolve) => {
      const set = this.waiting.get(callId) ?? new Set();
      this.waiting.set(callId, set);
      const done = (ok: boolean) => {
        this.d.clock.clearTimeout(timer);
        set.delete(onStopped);
        if (set.size === 0) this.waiting.delete(callId);
        resolve(ok);
      };
      const onStopped = () => done(true);
      const timer = this.d.clock.setTimeout(() => done(false), this.d.stopTimeoutMs ?? 5_000);
      set.add(onStopped);
    });
  }

  private async onMessage(m: ControlMessage): Promise<void> {
    if (m.to !== this.d.node.holder) return;
    if (m.type === 'stopped') {
      for (const fn of [...(this.waiting.get(m.callId) ?? [])]) fn();
      return;
    }
    try {
      await this.d.local.stop(m.callId, m.reason);
    } catch (err) {
      this.d.logger.error({ err, callId: m.callId }, 'stop requested by another process failed');
    }
    await this.d.bus
      .publish({ type: 'stopped', callId: m.callId, to: m.from })
      .catch((err) => this.d.logger.error({ err }, 'could not confirm a stop'));
  }
}
