import type { CallControl, ToolOutcome } from './tool-runner.ts';

/** end_call: the agent hangs up (end_reason `agent_hangup`) once its goodbye has played. */
export function runEndCall(control: CallControl): ToolOutcome {
  control.endCall('agent_hangup');
  return { result: { status: 'ending call' }, terminal: true };
}

/** transfer_call: a cold transfer to the tool's `transfer_to` number (end_reason `transfer`). */
export function runTransferCall(control: CallControl, to: string | null | undefined): ToolOutcome {
  if (!to) return { result: { error: 'this transfer tool has no transfer_to number configured' } };
  control.transfer(to);
  return { result: { status: 'transferring', to }, terminal: true };
}
