import type { CallDispatcher, CallService } from '../../domain/call/call-service.ts';
import { jobCatalog } from '../catalog.ts';
import type { JobHandler, JobQueue } from '../queue.ts';

/** Scheduled calls ride the durable queue: one `call.dispatch` job per call, at `scheduled_at`. */
export function callDispatcher(queue: JobQueue): CallDispatcher {
  return {
    schedule: (orgId, callId, at) =>
      queue.send('call.dispatch', { orgId, callId }, { startAfter: at, singletonKey: `call:${callId}` }),
    cancel: (jobId) => queue.cancel('call.dispatch', jobId),
  };
}

/** `call.dispatch`: hand a still-queued call to the engine; idempotent (a cancelled or dispatched call is skipped). */
export function dispatchCallHandler(calls: CallService): JobHandler<'call.dispatch'> {
  const lastAttempt = jobCatalog['call.dispatch'].retry.limit + 1;
  return async (data, meta) => calls.dispatchScheduled(data.orgId, data.callId, meta.attempt >= lastAttempt);
}
