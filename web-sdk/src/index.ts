/**
 * Parley web SDK: browser web calls to Parley (OneInbox v1 compatible) agents over Parley's built-in
 * WebSocket transport. See docs/web-calls.md.
 */
import { OneInbox } from './web-call.ts';

export {
  type CallState,
  OneInbox,
  OneInbox as ParleyWebCall,
  type OneInboxOptions,
  type StartOptions,
  type TranscriptEvent,
  type WebCallEvents,
  type WebCallSession,
} from './web-call.ts';
export default OneInbox;
