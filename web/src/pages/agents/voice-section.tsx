import { useEffect, useRef, useState } from 'preact/hooks';
import type { Agent, Voice } from '../../api/types.ts';
import { Field, SelectField, SliderField, TextField } from '../../components/form.tsx';
import { Section } from '../../components/page.tsx';

/** Voice picker (grouped by provider, with a preview when the voice has one) and speech-to-text settings. */
export function VoiceSection({
  tts,
  transcriber,
  onTts,
  onTranscriber,
  voices,
  errors,
  onImport,
}: {
  tts: Agent['tts'];
  transcriber: Agent['transcriber'];
  onTts: (t: Agent['tts']) => void;
  onTranscriber: (t: Agent['transcriber']) => void;
  voices: { items: Voice[] | undefined; missing: boolean };
  /** Opens the import dialog (rendered outside the agent form: forms cannot nest). */
  onImport: () => void;
  errors: Record<string, string>;
}) {
  const list = voices.items ?? [];
  const selected = list.find((v) => v.id === tts.voice_id);
  const providers = [...new Set(list.map((v) => v.provider))];
  return (
    <Section
      title="Voice and hearing"
      id="voice"
      actions={
        voices.missing ? null : (
          <button type="button" class="btn btn-small" onClick={onImport}>
            Import a voice
          </button>
        )
      }
    >
      <div class="grid">
        {voices.missing ? (
          <>
            <TextField
              label="Voice id"
              value={tts.voice_id}
              onInput={(v) => onTts({ ...tts, voice_id: v })}
              error={errors['tts.voice_id']}
              placeholder="vc_…"
              hint="This server has no voice list yet; paste a voice id."
            />
            <TextField
              label="Voice provider"
              value={tts.provider}
              onInput={(v) => onTts({ ...tts, provider: v })}
              error={errors['tts.provider']}
            />
          </>
        ) : (
          <Field
            label="Voice"
            error={errors['tts.voice_id'] ?? errors['tts.provider']}
            hint={
              selected ? voiceHint(selected) : tts.voice_id ? tts.voice_id : 'The platform default voice.'
            }
            wide
          >
            {({ id, describedBy, invalid }) => (
              <div class="voice-picker">
                <select
                  id={id}
                  value={tts.voice_id}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  onChange={(e) => {
                    const v = list.find((x) => x.id === (e.target as HTMLSelectElement).value);
                    onTts({ ...tts, voice_id: v?.id ?? '', provider: v?.provider ?? '' });
                  }}
                >
                  {tts.voice_id === '' ? <option value="">Platform default</option> : null}
                  {tts.voice_id && !selected ? <option value={tts.voice_id}>{tts.voice_id}</option> : null}
                  {providers.map((p) => (
                    <optgroup key={p} label={p}>
                      {list
                        .filter((v) => v.provider === p)
                        .map((v) => (
                          <option key={v.id} value={v.id}>
                            {v.name}
                            {v.gender ? ` · ${v.gender}` : ''}
                            {v.accent ? ` · ${v.accent}` : ''}
                          </option>
                        ))}
                    </optgroup>
                  ))}
                </select>
                <PreviewButton voice={selected} />
              </div>
            )}
          </Field>
        )}
        <SliderField
          label="Voice speed"
          min={0.5}
          max={2}
          step={0.05}
          value={tts.speed}
          onChange={(v) => onTts({ ...tts, speed: v })}
          error={errors['tts.speed']}
          format={(v) => `${v.toFixed(2)}×`}
        />
        <SliderField
          label="Stability"
          min={0}
          max={1}
          step={0.05}
          value={tts.stability}
          onChange={(v) => onTts({ ...tts, stability: v })}
          error={errors['tts.stability']}
          format={(v) => v.toFixed(2)}
          hint="Higher is more consistent, lower more expressive."
        />
        <SelectField
          label="Speech-to-text provider"
          value={transcriber.provider}
          onChange={(v) => onTranscriber({ ...transcriber, provider: v })}
          error={errors['transcriber.provider']}
          options={['deepgram', 'openai', 'whisper'].map((p) => ({ value: p, label: p }))}
        />
        <TextField
          label="Speech-to-text model"
          value={transcriber.model}
          onInput={(v) => onTranscriber({ ...transcriber, model: v })}
          error={errors['transcriber.model']}
          placeholder="nova-3"
        />
        <TextField
          label="Speech-to-text language"
          value={transcriber.language}
          onInput={(v) => onTranscriber({ ...transcriber, language: v })}
          error={errors['transcriber.language']}
          placeholder="en"
        />
      </div>
    </Section>
  );
}

function voiceHint(v: Voice): string {
  return [v.provider, v.language, v.gender, v.accent, v.provider_voice_id].filter(Boolean).join(' · ');
}

/** Plays the voice's `preview_url`; disabled (with the reason) when the voice has none. */
function PreviewButton({ voice }: { voice: Voice | undefined }) {
  const audio = useRef<HTMLAudioElement | null>(null);
  const [playing, setPlaying] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    audio.current?.pause();
    audio.current = null;
    setPlaying(false);
    setFailed(false);
  }, [voice?.id]);
  useEffect(() => () => audio.current?.pause(), []);
  const url = voice?.preview_url;
  const toggle = () => {
    if (!url) return;
    if (playing) {
      audio.current?.pause();
      setPlaying(false);
      return;
    }
    audio.current ??= new Audio(url);
    audio.current.onended = () => setPlaying(false);
    audio.current.onerror = () => {
      setFailed(true);
      setPlaying(false);
    };
    audio.current.currentTime = 0;
    void audio.current.play().then(
      () => setPlaying(true),
      () => setFailed(true),
    );
  };
  return (
    <button
      type="button"
      class="btn"
      disabled={!url}
      title={url ? undefined : 'No preview for this voice'}
      onClick={toggle}
      aria-pressed={playing}
    >
      {failed ? 'Preview failed' : playing ? 'Stop' : 'Preview'}
    </button>
  );
}
