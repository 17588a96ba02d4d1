import type { Agent } from '../agent/agent.ts';
import { errors } from '../errors.ts';
import type { VoiceLookup } from '../voice/voice.ts';
import type { CallOverrides } from './call.ts';

/** Store lookups a new call is checked against. */
export interface CallLookups {
  /** A number registered or purchased in the workspace, by its E.164 value. */
  findNumber(orgId: string, phoneNumber: string): Promise<{ id: string; provider: string } | undefined>;
  /** True when the workspace has a deepgram or openai integration (BYOK speech-to-text). */
  hasSttIntegration(orgId: string): Promise<boolean>;
  maxCallsPerDay(orgId: string): Promise<number>;
}

export interface AgentSource {
  getAgent(orgId: string, id: string): Promise<Agent>;
}

/** Which platform speech-to-text keys are set (DEEPGRAM_API_KEY, OPENAI_API_KEY). */
export interface PlatformStt {
  deepgram: boolean;
  openai: boolean;
}

const dayMs = 86_400_000;

/** The checks every new call passes before it is stored (decisions §4, §7). */
export class CallAdmission {
  constructor(
    private readonly lookups: CallLookups,
    private readonly agents: AgentSource,
    private readonly voices: VoiceLookup,
    private readonly platformStt: PlatformStt,
  ) {}

  /** 404 AGENT_NOT_FOUND unless the agent exists in the workspace. */
  agent(orgId: string, agentId: string): Promise<Agent> {
    return this.agents.getAgent(orgId, agentId);
  }

  /** 400 FROM_NUMBER_NOT_REGISTERED unless the number belongs to the workspace. */
  async fromNumber(orgId: string, phoneNumber: string): Promise<{ id: string; provider: string }> {
    const n = await this.lookups.findNumber(orgId, phoneNumber);
    if (!n)
      throw errors.badRequest(
        'FROM_NUMBER_NOT_REGISTERED',
        `from_number ${phoneNumber} is not registered in this workspace. Register it with POST /v1/phone-numbers or buy one with POST /v1/phone-numbers/purchase.`,
        { from_number: phoneNumber },
      );
    return n;
  }

  /** 400 PROVIDER_NOT_CONFIGURED when no real speech-to-text provider can hear the caller. */
  async requireStt(orgId: string): Promise<void> {
    if (this.platformStt.deepgram || this.platformStt.openai) return;
    if (await this.lookups.hasSttIntegration(orgId)) return;
    throw errors.providerNotConfigured(
      'No speech-to-text provider is configured, so this call could not hear the caller. Set DEEPGRAM_API_KEY (or OPENAI_API_KEY, with OPENAI_BASE_URL for an OpenAI-compatible Whisper server), or add a deepgram or openai integration with POST /v1/integrations. Calls on sim numbers need none.',
    );
  }

  /** 422 VOICE_NOT_FOUND when `overrides.tts.voice_id` is not a voice this workspace can use. */
  async overrides(orgId: string, overrides: CallOverrides | undefined): Promise<void> {
    const voiceId = overrides?.tts?.voice_id;
    if (voiceId === undefined) return;
    const voice = await this.voices.find(orgId, voiceId);
    if (!voice)
      throw errors.invalidField(
        ['body', 'overrides', 'tts', 'voice_id'],
        'VOICE_NOT_FOUND',
        `Voice '${voiceId}' not found. Use a Parley voice id (vc_…) from GET /v1/voices, not the provider's voice id.`,
      );
  }

  /** The workspace's daily cap: calls per UTC day, counted by the day of each call's creation. */
  async dailyCap(orgId: string): Promise<{ limit: number }> {
    return { limit: await this.lookups.maxCallsPerDay(orgId) };
  }

  /** 429 DAILY_CALL_LIMIT_REACHED with Retry-After = seconds until the next UTC midnight. */
  dailyCapReached(limit: number, nowMs: number) {
    const retryAfter = Math.max(1, Math.ceil((dayMs - (nowMs % dayMs)) / 1000));
    return errors.rateLimited(
      'DAILY_CALL_LIMIT_REACHED',
      `This workspace reached its limit of ${limit} calls per day (UTC). Try again after midnight UTC.`,
      retryAfter,
    );
  }
}
