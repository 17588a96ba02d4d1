import type { ToolTypeExecutor } from '../tool-runner.ts';
import { ActionBudget } from './action-budget.ts';
import type { ActionCallContext, ActionDeps } from './action-context.ts';
import { ScheduleCalendarEventExecutor } from './schedule-calendar-event.ts';
import { SendEmailExecutor } from './send-email.ts';
import { SendSmsExecutor } from './send-sms.ts';

/** The action tools of one call, sharing its per-call limits; pass as `AgentToolsDeps.executors`. */
export function actionExecutors(deps: ActionDeps, ctx: ActionCallContext): Record<string, ToolTypeExecutor> {
  const budget = new ActionBudget();
  return {
    send_sms: new SendSmsExecutor(deps, ctx, budget),
    send_email: new SendEmailExecutor(deps, ctx, budget),
    schedule_calendar_event: new ScheduleCalendarEventExecutor(deps, ctx, budget),
  };
}

/** Executors whose runs the time base waits for (a simulated call's clock must not pass real I/O). */
export function trackedExecutors(
  executors: Record<string, ToolTypeExecutor>,
  track: <T>(work: Promise<T>) => Promise<T>,
): Record<string, ToolTypeExecutor> {
  return Object.fromEntries(
    Object.entries(executors).map(([type, ex]) => [
      type,
      {
        defaultDescription: (spec) => ex.defaultDescription(spec),
        parameters: (spec) => ex.parameters(spec),
        run: (spec, args, signal) => track(ex.run(spec, args, signal)),
      } satisfies ToolTypeExecutor,
    ]),
  );
}
