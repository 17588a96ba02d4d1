/** Speech-to-text settings of an agent. */
export interface Transcriber {
  provider: string;
  model: string;
  language: string;
}

/** Text-to-speech settings; `voice_id` is always a Parley `vc_…` id. */
export interface AgentTts {
  provider: string;
  credential_id: string | null;
  voice_id: string;
  speed: number;
  stability: number;
}

/** A voice agent: ears, voice, call behaviour; its brain is the model at `llm_id`. */
export interface Agent {
  id: string;
  name: string;
  llm_id: string;
  webhook_id: string | null;
  transcriber: Transcriber;
  tts: AgentTts;
  first_message: string | null;
  end_call_phrases: string[];
  max_duration_seconds: number;
  interruption_sensitivity: number;
  silence_timeout_seconds: number;
  enable_recording: boolean;
  language: string;
  dynamic_variables: Record<string, unknown>;
  voicemail_detection: boolean;
  voicemail_message: string | null;
  responsiveness: number;
  speed: number;
  background_sound: string | null;
  emotions: boolean;
  job_description: string | null;
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

/** Agent as returned by the API: adds the read-only effective prompt (null in lists). */
export type AgentView = Agent & { effective_system_prompt: string | null };

export type NewAgent = Omit<Agent, 'created_at' | 'updated_at'>;
export type AgentPatch = Partial<Omit<Agent, 'id' | 'created_at' | 'updated_at'>>;

export interface AgentRepo {
  insert(orgId: string, a: NewAgent): Promise<Agent>;
  get(orgId: string, id: string): Promise<Agent | undefined>;
  list(orgId: string, page: { limit: number; offset: number }): Promise<{ items: Agent[]; total: number }>;
  update(orgId: string, id: string, patch: AgentPatch): Promise<Agent | undefined>;
  delete(orgId: string, id: string): Promise<boolean>;
  /** Ids of phone numbers that route to this agent (column or inbound routing). */
  phoneNumbersUsing(orgId: string, id: string): Promise<string[]>;
}

/** `# Role` + job description, then the model's prompt, exactly as the engine builds it (no variables). */
export function effectiveSystemPrompt(jobDescription: string | null, systemPrompt: string): string {
  const role = jobDescription?.trim();
  return role ? `# Role\n${role}\n\n${systemPrompt}` : systemPrompt;
}
