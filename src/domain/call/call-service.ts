import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import { errors } from '../errors.ts';
import { isId, newId } from '../ids.ts';
import type { Call, CallFilters, CallOverrides, CallRecord, CallRepo, NewCall } from './call.ts';
import type { CallAdmission } from './call-admission.ts';
import type { CallLauncher } from './call-launcher.ts';
import type { CallLifecycle } from './call-lifecycle.ts';
import type { CallSlots } from './call-slots.ts';
import { isTerminal } from './call-status.ts';
import { decodeCallCursor, encodeCallCursor, toCallView } from './call-view.ts';

/** Durable scheduling of `call.dispatch` (implemented over the job queue). */
export interface CallDispatcher {
  /** Enqueue the dispatch of a queued call at `at`; returns the job id. */
  schedule(orgId: string, callId: string, at: Date): Promise<string | null>;
  cancel(jobId: string): Promise<void>;
}

export interface CreateCallInput {
  agent_id: string;
  to_number: string;
  from_number: string;
  scheduled_at?: string | null | undefined;
  variables?: Record<string, unknown> | undefined;
  metadata?: Record<string, unknown> | undefined;
  overrides?: CallOverrides | undefined;
  webhook_url?: string | null | undefined;
}

export interface CallServiceDeps {
  repo: CallRepo;
  admission: CallAdmission;
  launcher: CallLauncher;
  dispatcher: CallDispatcher;
  clock: Clock;
  logger: Logger;
  /** Signs a fresh recording link for a call (see recording-url.ts). */
  recordingUrl: (callId: string) => string;
  /** Concurrency slots; without them every call starts at once. */
  slots?: CallSlots | undefined;
  /** Post-call side (slot release, `call.finalize`); told about every call this service ends. */
  lifecycle?: CallLifecycle | undefined;
}

/** Calls: create (outbound), list, get, stop, and the manual outcome (decisions §4, §5). */
export class CallService {
  constructor(private readonly d: CallServiceDeps) {}

  /** POST /v1/calls: checks, stores `queued`, then dispatches now or schedules the durable dispatch. */
  async create(orgId: string, input: CreateCallInput): Promise<Call> {
    const { admission, clock } = this.d;
    const agent = await admission.agent(orgId, input.agent_id);
    const number = await admission.fromNumber(orgId, input.from_number);
    if (number.provider !== 'sim') await admission.requireStt(orgId);
    await admission.overrides(orgId, input.overrides);
    const now = clock.now();
    const scheduledMs = input.scheduled_at ? Date.parse(input.scheduled_at) : undefined;
    const call = await this.insert(orgId, {
      id: newId('call', now),
      agent_id: agent.id,
      type: 'outbound',
      direction: 'outbound',
      status: 'queued',
      from_number: input.from_number,
      to_number: input.to_number,
      phone_number_id: number.id,
      carrier: number.provider,
      room_name: null,
      scheduled_at: scheduledMs === undefined ? null : new Date(scheduledMs).toISOString(),
      variables: input.variables ?? {},
      metadata: input.metadata ?? {},
      overrides: input.overrides ?? {},
      webhook_url: input.webhook_url ?? null,
    });
    if (scheduledMs !== undefined && scheduledMs > now) {
      const jobId = await this.d.dispatcher.schedule(orgId, call.id, new Date(scheduledMs));
      if (jobId) await this.d.repo.setDispatchJob(orgId, call.id, jobId);
      return this.view(call);
    }
    return this.view(await this.launch(call));
  }

  /** Store a new call within the workspace's daily cap (429 DAILY_CALL_LIMIT_REACHED beyond it). */
  async insert(orgId: string, call: NewCall): Promise<CallRecord> {
    // The cap is read inside the insert's own statement; its number only for the refusal's message.
    const stored = await this.d.repo.insert(orgId, call, 'workspace');
    if (stored !== 'daily_cap_reached') return stored;
    const cap = await this.d.admission.dailyCap(orgId);
    throw this.d.admission.dailyCapReached(cap.limit, this.d.clock.now());
  }

  /**
   * Hand a queued call to the engine once it has a concurrency slot (without one it stays `queued`
   * and starts when a slot frees). A launcher failure ends the call `failed` (`error`) with the
   * message, so the caller sees why instead of a call that never moves.
   */
  async launch(call: CallRecord): Promise<CallRecord> {
    return this.start(call, false);
  }

  /**
   * The `call.dispatch` job: hand a still-queued call to the engine; anything else (cancelled,
   * already dispatched) is skipped, so a repeated job is harmless. Errors propagate for a retry,
   * except on the last attempt, which ends the call `failed`.
   */
  async dispatchScheduled(orgId: string, callId: string, lastAttempt: boolean): Promise<void> {
    const call = await this.d.repo.get(orgId, callId);
    if (call?.status !== 'queued') return;
    await this.start(call, !lastAttempt);
  }

  private async start(call: CallRecord, rethrow: boolean): Promise<CallRecord> {
    // Inbound and web calls cannot wait (someone is on the line): they take a slot even over the limit.
    const slotted = this.d.slots
      ? await this.d.slots.acquire(call, { force: call.direction === 'inbound' })
      : call;
    if (!slotted) return call;
    try {
      await this.d.launcher.launch(slotted);
    } catch (e) {
      if (rethrow) {
        // Give the slot back so the retry (or a call waiting behind this one) can take it.
        await this.d.slots?.release(call.org_id, call.id);
        throw e;
      }
      this.d.logger.error({ err: e, callId: call.id }, 'call launch failed');
      const message = e instanceof Error ? e.message : String(e);
      const ended = await this.d.repo.end(call.org_id, call.id, 'error', {
        ended_at: new Date(this.d.clock.now()).toISOString(),
        error_message: message,
      });
      if (ended) await this.d.lifecycle?.ended(call.org_id, call.id);
    }
    return (await this.d.repo.get(call.org_id, call.id)) ?? slotted;
  }

  async get(orgId: string, id: string): Promise<Call> {
    return this.view(await this.record(orgId, id));
  }

  /** The stored call; 404 CALL_NOT_FOUND for unknown, malformed or other-workspace ids. */
  async record(orgId: string, id: string): Promise<CallRecord> {
    const c = isId('call', id) ? await this.d.repo.get(orgId, id) : undefined;
    if (!c) throw errors.notFound('call', id);
    return c;
  }

  async list(orgId: string, filters: CallFilters, page: { limit: number; offset: number }) {
    const { items, total } = await this.d.repo.list(orgId, filters, page);
    return { items: items.map((c) => this.view(c)), total };
  }

  /** Cursor page (newest first) over the id index; `next_cursor` is null on the last page. */
  async listCursor(
    orgId: string,
    filters: CallFilters,
    page: { limit: number; cursor?: string | undefined },
  ) {
    const beforeId = page.cursor ? decodeCallCursor(page.cursor) : undefined;
    const rows = await this.d.repo.listBefore(orgId, filters, { limit: page.limit + 1, beforeId });
    const has_more = rows.length > page.limit;
    const items = rows.slice(0, page.limit);
    return {
      items: items.map((c) => this.view(c)),
      next_cursor: has_more ? encodeCallCursor(items[items.length - 1]!.id) : null,
      has_more,
      limit: page.limit,
    };
  }

  /**
   * Idempotent stop: a queued call is cancelled (`failed`/`cancelled`, its dispatch job removed), a
   * live one is handed to the engine to hang up (`api_stop`), an ended one is returned unchanged.
   */
  async stop(orgId: string, id: string): Promise<Call> {
    let call = await this.record(orgId, id);
    // Re-read when a race moved the call between our read and our conditional write.
    for (let attempt = 0; attempt < 3 && !isTerminal(call.status); attempt++) {
      if (call.status === 'queued') {
        const cancelled = await this.d.repo.end(
          orgId,
          id,
          'cancelled',
          { ended_at: new Date(this.d.clock.now()).toISOString() },
          ['queued'],
        );
        if (cancelled) {
          if (call.dispatch_job_id) await this.d.dispatcher.cancel(call.dispatch_job_id);
          await this.d.lifecycle?.ended(orgId, id);
          return this.view(cancelled);
        }
      } else {
        await this.d.launcher.stop(id, 'api_stop');
        return this.view(await this.record(orgId, id));
      }
      call = await this.record(orgId, id);
    }
    return this.view(call);
  }

  /** PATCH /v1/calls/{id}: the manual outcome, allowed in any status (decisions §5). */
  async setOutcome(orgId: string, id: string, outcome: string): Promise<Call> {
    await this.record(orgId, id);
    const updated = await this.d.repo.setOutcome(orgId, id, outcome);
    if (!updated) throw errors.notFound('call', id);
    return this.view(updated);
  }

  view(c: CallRecord): Call {
    return toCallView(c, this.d.recordingUrl);
  }
}
