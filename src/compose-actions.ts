import type { Config } from './config/config.ts';
import type { CallRecord } from './domain/call/call.ts';
import { newId } from './domain/ids.ts';
import type { IntegrationService } from './domain/integration/integration-service.ts';
import { SentMessageService } from './domain/message/sent-message-service.ts';
import type { CarrierAccounts } from './domain/phone-number/carrier-accounts.ts';
import type { PhoneNumberRepo } from './domain/phone-number/phone-number.ts';
import { ActionAccounts } from './domain/tool/action-accounts.ts';
import type { Clock } from './lib/clock.ts';
import type { Logger } from './lib/logger.ts';
import type { WorkTracker } from './lib/virtual-clock.ts';
import {
  type ActionDeps,
  type ActionProviders,
  actionCallContext,
} from './pipeline/tools/actions/action-context.ts';
import { actionExecutors, trackedExecutors } from './pipeline/tools/actions/action-executors.ts';
import type { ToolTypeExecutor } from './pipeline/tools/tool-runner.ts';
import { CalcomCalendar } from './providers/calendar/calcom.ts';
import { emailSenderFor } from './providers/email/email-senders.ts';
import { smsSenderFor } from './providers/messaging/sms-senders.ts';
import { PgCallRepo } from './store/calls-repo.ts';
import type { Db } from './store/db.ts';
import { PgSentMessageRepo } from './store/sent-messages-repo.ts';

export interface ActionsInput {
  config: Config;
  db: Db;
  /** Vendor timeouts run on it (real time in production). */
  clock: Clock;
  logger: Logger;
  integrations: Pick<IntegrationService, 'resolve'>;
  carrierAccounts: Pick<CarrierAccounts, 'resolve'>;
  phoneNumberRepo: Pick<PhoneNumberRepo, 'get'>;
}

/**
 * Wire the action tools (send_sms, send_email, schedule_calendar_event): accounts resolved inside
 * the call's workspace, vendor adapters, and the sent-message log with its read API.
 */
export function composeActions(input: ActionsInput) {
  const { config, clock } = input;
  const sentMessages = new SentMessageService(new PgSentMessageRepo(input.db), new PgCallRepo(input.db));
  const accounts = new ActionAccounts({
    credentials: input.integrations,
    carriers: input.carrierAccounts,
    numbers: input.phoneNumberRepo,
    baseUrls: {
      resend: config.providers.resend.baseUrl,
      sendgrid: config.providers.sendgrid.baseUrl,
      calcom: config.providers.calcom.baseUrl,
    },
  });
  const providers: ActionProviders = {
    sms: async (orgId, line) => smsSenderFor(await accounts.sms(orgId, line), clock, () => newId('message')),
    email: async (orgId, id) => {
      const account = await accounts.email(orgId, id);
      return { sender: emailSenderFor(account, clock), from: account.from };
    },
    calendar: async (orgId, id) => new CalcomCalendar({ ...(await accounts.calendar(orgId, id)), clock }),
  };
  const actionDeps: ActionDeps = {
    providers,
    log: sentMessages,
    clock,
    onLogError: (err) => input.logger.warn({ err }, 'sent message not logged'),
  };
  /**
   * The action tools of one call, for `CallSessionDeps.toolExecutors`: `variables` are the call's
   * effective variables, `clock` the call's time base ("now" for bookings), `track` its work tracker.
   */
  const actionExecutorsFor = (
    call: CallRecord,
    variables: Record<string, unknown>,
    opts: { clock?: Clock; track?: WorkTracker } = {},
  ): Record<string, ToolTypeExecutor> => {
    const executors = actionExecutors(
      { ...actionDeps, clock: opts.clock ?? clock },
      actionCallContext(call, variables),
    );
    return opts.track ? trackedExecutors(executors, opts.track) : executors;
  };
  return { sentMessages, actionAccounts: accounts, actionDeps, actionExecutorsFor };
}
