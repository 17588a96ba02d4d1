import type { PostCallJobs } from '../../domain/call/call-lifecycle-service.ts';
import type { CallFinalizer } from '../../domain/post-call/call-finalizer.ts';
import type { JobHandler, JobQueue } from '../queue.ts';

/** The lifecycle's jobs on the durable queue; one waiting job per call and kind ('short' queue policy). */
export function postCallJobs(queue: JobQueue): PostCallJobs {
  return {
    finalize: async (orgId, callId) => {
      await queue.send('call.finalize', { orgId, callId }, { singletonKey: `call:${callId}` });
    },
    dispatch: async (orgId, callId) => {
      await queue.send('call.dispatch', { orgId, callId }, { singletonKey: `call:${callId}` });
    },
  };
}

/** `call.finalize`: analysis, cost and post-call webhooks of an ended call (idempotent; see CallFinalizer). */
export function finalizeCallHandler(finalizer: CallFinalizer): JobHandler<'call.finalize'> {
  return (data) => finalizer.finalize(data.orgId, data.callId);
}
