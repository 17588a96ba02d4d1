import { ManualClock } from '../../../../lib/clock.ts';
import { FakeCalendar } from '../../../../providers/calendar/fake-calendar.ts';
import { FakeEmail } from '../../../../providers/email/fake-email.ts';
import { FakeSms } from '../../../../providers/messaging/fake-sms.ts';
import { AgentToolRunner } from '../../agent-tools.ts';
import type { ToolSpec } from '../../tool-runner.ts';
import type { ActionCallContext, ActionDeps, SentMessageEntry } from '../action-context.ts';
import { actionExecutors } from '../action-executors.ts';

/** The action tools of one call over fake providers, run through the engine's AgentToolRunner. */
export function fakeActions(specs: ToolSpec[], ctx: Partial<ActionCallContext> = {}) {
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 14)); // Monday 09:00 in New York
  const sms = new FakeSms('sim');
  const email = new FakeEmail('resend');
  const calendar = new FakeCalendar();
  const log: { orgId: string; entry: SentMessageEntry }[] = [];
  const resolved: string[] = [];
  const unavailable = new Map<string, Error>();
  const resolve = <T>(what: string, value: T) => {
    resolved.push(what);
    const e = unavailable.get(what.split(':')[0]!);
    return e ? Promise.reject(e) : Promise.resolve(value);
  };
  const deps: ActionDeps = {
    clock,
    log: { record: async (orgId, entry) => void log.push({ orgId, entry }) },
    providers: {
      sms: (orgId, line) => resolve(`sms:${orgId}:${line.phoneNumberId}`, sms),
      email: (orgId, id) =>
        resolve(`email:${orgId}:${id}`, { sender: email, from: 'Acme <support@acme.test>' }),
      calendar: (orgId, id) => resolve(`calendar:${orgId}:${id}`, calendar),
    },
  };
  const context: ActionCallContext = {
    orgId: 'org_a',
    callId: 'call_1',
    line: { phoneNumber: '+15550100000', phoneNumberId: 'phn_1', carrier: 'sim' },
    otherParty: '+14155550123',
    variables: { first_name: 'Jane', link: 'https://acme.test/pay/77' },
    ...ctx,
  };
  const tools = new AgentToolRunner(specs, {
    fetch: () => Promise.reject(new Error('no network in action tests')),
    clock,
    variables: context.variables,
    control: { endCall: () => {}, transfer: () => {} },
    extracted: { put: () => {} },
    executors: actionExecutors(deps, context),
  });
  let seq = 0;
  const call = (name: string, args: unknown, signal = new AbortController().signal) =>
    tools.run({ id: `tc_${++seq}`, name, arguments: JSON.stringify(args) }, signal);
  return { clock, sms, email, calendar, log, resolved, unavailable, tools, call, context };
}
