import type { Config } from './config/config.ts';
import type { AgentSource } from './domain/call/call-admission.ts';
import { CallAdmission } from './domain/call/call-admission.ts';
import { type CallLauncher, idleCallLauncher } from './domain/call/call-launcher.ts';
import type { CallLifecycle } from './domain/call/call-lifecycle.ts';
import { CallService } from './domain/call/call-service.ts';
import type { CallSlots } from './domain/call/call-slots.ts';
import type { ParticipantTokenIssuer } from './domain/call/participant-token.ts';
import { signRecordingUrl } from './domain/call/recording-url.ts';
import { WebCallService } from './domain/call/web-call-service.ts';
import type { VoiceLookup } from './domain/voice/voice.ts';
import { callDispatcher, dispatchCallHandler } from './jobs/handlers/dispatch-call.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Clock } from './lib/clock.ts';
import type { Logger } from './lib/logger.ts';
import type { SecretBox } from './lib/secret-box.ts';
import { PgCallLookups } from './store/call-lookups-repo.ts';
import { PgCallRepo } from './store/calls-repo.ts';
import type { Db } from './store/db.ts';
import { PgParticipantTokenStore } from './store/web-call-tokens-repo.ts';
import { LivekitParticipantTokens } from './transports/livekit-participant-token.ts';
import { BuiltinParticipantTokens } from './transports/web-call-token.ts';

export interface CallsInput {
  config: Config;
  db: Db;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  agents: AgentSource;
  voices: VoiceLookup;
  /** The call engine; until it is installed, calls stay as created (see idleCallLauncher). */
  launcher?: CallLauncher | undefined;
  /** Concurrency slots and the post-call side (composePostCall); absent = no limits, no post-call. */
  slots?: CallSlots | undefined;
  lifecycle?: CallLifecycle | undefined;
}

/** Wire the Calls API: repo, admission checks, launcher, web-call tokens and the `call.dispatch` worker. */
export async function composeCalls(input: CallsInput) {
  const { config, db, clock, secrets } = input;
  const callRepo = new PgCallRepo(db);
  const admission = new CallAdmission(new PgCallLookups(db), input.agents, input.voices, {
    deepgram: !!config.providers.deepgram.apiKey,
    openai: !!config.providers.openai.apiKey,
  });
  const calls = new CallService({
    repo: callRepo,
    admission,
    launcher: input.launcher ?? idleCallLauncher,
    dispatcher: callDispatcher(input.queue),
    clock,
    logger: input.logger,
    recordingUrl: (callId) => signRecordingUrl(secrets, config.http.publicUrl, callId, clock.now()),
    slots: input.slots,
    lifecycle: input.lifecycle,
  });
  const builtinTokens = new BuiltinParticipantTokens(
    secrets,
    new PgParticipantTokenStore(db),
    callRepo,
    config.http.publicUrl,
    clock,
  );
  const participantTokens: ParticipantTokenIssuer = config.livekit
    ? new LivekitParticipantTokens(config.livekit)
    : builtinTokens;
  const webCalls = new WebCallService(calls, admission, participantTokens, clock);
  await input.queue.work('call.dispatch', dispatchCallHandler(calls));
  return { callRepo, calls, webCalls, participantTokens: builtinTokens };
}
