import type { Llm } from '../providers/llm/llm.ts';
import type { Stt } from '../providers/stt/stt.ts';
import type { Tts } from '../providers/tts/tts.ts';
import type { CallClock } from './call-clock.ts';
import type { CallConfig } from './call-config.ts';
import { AudioOutputProcessor } from './processors/audio-output.ts';
import { LlmProcessor } from './processors/llm.ts';
import { SttProcessor } from './processors/stt.ts';
import { TtsProcessor, type TtsVoice } from './processors/tts.ts';
import { TurnTakingProcessor } from './processors/turn-taking.ts';
import { VadProcessor } from './processors/vad.ts';
import type { ToolRunner } from './tools/tool-runner.ts';
import type { CallTransport } from './transport.ts';
import { turnParams } from './turn-params.ts';
import { defaultVadParams, VoiceActivityDetector } from './vad/activity-detector.ts';
import type { VadModel } from './vad/vad-model.ts';

/** Providers of one call: the first of each list is used, the rest are fallbacks in order. */
export interface CallProviders {
  llm: readonly Llm[];
  stt: readonly Stt[];
  tts: readonly Tts[];
}

export interface CallStages {
  vad: VadProcessor;
  stt: SttProcessor;
  turn: TurnTakingProcessor;
  llm: LlmProcessor;
  tts: TtsProcessor;
  output: AudioOutputProcessor;
  /** Rate the caller's audio runs at inside the pipeline (VAD, STT, recording). */
  sampleRate: number;
}

/** The rate the VAD and STT run at: the transport's own when the VAD supports it, else 16 kHz. */
export function pipelineRate(transportRate: number, vad: VadModel): number {
  return vad.sampleRates.includes(transportRate) ? transportRate : 16000;
}

/** Build the processors of one call, in pipeline order: VAD → STT → turn-taking → LLM → TTS → output. */
export function buildStages(opts: {
  config: CallConfig;
  transport: CallTransport;
  time: CallClock;
  vad: VadModel;
  providers: CallProviders;
  voice: TtsVoice;
  tools: ToolRunner;
  /** False for a message-only call (the LLM never answers the caller). */
  answers?: boolean;
}): CallStages {
  const { config, transport, time } = opts;
  const sampleRate = pipelineRate(transport.inputSampleRate, opts.vad);
  const params = turnParams({
    responsiveness: config.responsiveness,
    interruption_sensitivity: config.interruptionSensitivity,
    end_call_phrases: config.endCallPhrases,
  });
  const detector = new VoiceActivityDetector(opts.vad.createStream(sampleRate), sampleRate, {
    ...defaultVadParams,
    minSilenceMs: params.vadSilenceMs,
  });
  const stt = new SttProcessor(
    opts.providers.stt,
    {
      language: config.transcriber.language,
      model: config.transcriber.model,
      sampleRate,
      endpointingMs: params.vadSilenceMs,
    },
    time,
  );
  const llm = new LlmProcessor({
    llms: opts.providers.llm,
    model: config.llm.model,
    temperature: config.llm.temperature,
    ...(config.llm.maxTokens !== null ? { maxTokens: config.llm.maxTokens } : {}),
    systemPrompt: config.systemPrompt,
    tools: opts.tools,
    ...(opts.answers === false ? { answers: false } : {}),
    time,
  });
  return {
    vad: new VadProcessor(detector, sampleRate),
    stt,
    turn: new TurnTakingProcessor({ params, time, stt, vadProvider: opts.vad.name, heard: detector }),
    llm,
    tts: new TtsProcessor(opts.providers.tts, opts.voice, transport.outputSampleRate, time),
    output: new AudioOutputProcessor(transport, time),
    sampleRate,
  };
}
