import { useEffect, useRef, useState } from 'preact/hooks';
import { formatOffset } from '../../lib/format.ts';
import { barsPath, loadPeaks, type Peaks } from './waveform.ts';

const buckets = 600;

/**
 * The stereo recording: a play/pause button, the two channels' waveforms (caller left = top,
 * agent right = bottom) with a playhead; click or arrow keys on the waveform seek.
 */
export function RecordingPlayer({
  url,
  audioRef,
  currentMs,
  onTime,
}: {
  url: string;
  audioRef: { current: HTMLAudioElement | null };
  currentMs: number;
  onTime: (ms: number) => void;
}) {
  const [peaks, setPeaks] = useState<Peaks | undefined>(undefined);
  const [waveError, setWaveError] = useState<string | undefined>(undefined);
  const [playing, setPlaying] = useState(false);
  const [durationMs, setDurationMs] = useState(0);
  const [audioError, setAudioError] = useState(false);
  // The signed URL changes on every fetch of the call; the recording itself does not.
  const stableUrl = useRef(url);
  if (stableUrl.current.split('?')[0] !== url.split('?')[0]) stableUrl.current = url;
  const src = stableUrl.current;

  // Play from the downloaded bytes (seekable everywhere); fall back to the URL when it cannot be fetched (CORS).
  const [audioSrc, setAudioSrc] = useState<string | undefined>(undefined);
  useEffect(() => {
    const ac = new AbortController();
    let blobUrl: string | undefined;
    setPeaks(undefined);
    setWaveError(undefined);
    setAudioSrc(undefined);
    loadPeaks(src, buckets, ac.signal).then(
      (p) => {
        blobUrl = p.blobUrl;
        setPeaks(p);
        setAudioSrc(p.blobUrl);
      },
      (e: Error) => {
        if (e.name === 'AbortError') return;
        setWaveError(e.message);
        setAudioSrc(src);
      },
    );
    return () => {
      ac.abort();
      if (blobUrl) URL.revokeObjectURL(blobUrl);
    };
  }, [src]);

  useEffect(() => {
    const a = audioRef.current;
    if (!a) return;
    let raf = 0;
    const frame = () => {
      onTime(a.currentTime * 1000);
      raf = requestAnimationFrame(frame);
    };
    const play = () => {
      setPlaying(true);
      raf = requestAnimationFrame(frame);
    };
    const stop = () => {
      setPlaying(false);
      cancelAnimationFrame(raf);
      onTime(a.currentTime * 1000);
    };
    // A seek while playing keeps playing; only the position changes.
    const seeked = () => onTime(a.currentTime * 1000);
    const meta = () => setDurationMs(Number.isFinite(a.duration) ? a.duration * 1000 : 0);
    a.addEventListener('play', play);
    a.addEventListener('pause', stop);
    a.addEventListener('ended', stop);
    a.addEventListener('seeked', seeked);
    a.addEventListener('loadedmetadata', meta);
    return () => {
      cancelAnimationFrame(raf);
      a.removeEventListener('play', play);
      a.removeEventListener('pause', stop);
      a.removeEventListener('ended', stop);
      a.removeEventListener('seeked', seeked);
      a.removeEventListener('loadedmetadata', meta);
    };
  }, [audioSrc]);

  const total = durationMs || peaks?.durationMs || 0;
  const seek = (ms: number) => {
    const a = audioRef.current;
    if (!a || !total) return;
    a.currentTime = Math.max(0, Math.min(total, ms)) / 1000;
    onTime(a.currentTime * 1000);
  };
  const x = total ? (currentMs / total) * buckets : 0;

  return (
    <div class="player">
      {/* biome-ignore lint/a11y/useMediaCaption: call recordings have no captions; the transcript beside it is the text alternative */}
      <audio
        ref={audioRef}
        src={audioSrc}
        preload="metadata"
        onError={() => setAudioError(true)}
        data-testid="recording-audio"
      />
      <div class="player-controls">
        <button
          type="button"
          class="btn btn-primary btn-round"
          aria-label={playing ? 'Pause recording' : 'Play recording'}
          disabled={audioError || !audioSrc}
          onClick={() => {
            const a = audioRef.current;
            if (!a) return;
            if (a.paused) void a.play().catch(() => setAudioError(true));
            else a.pause();
          }}
        >
          {playing ? '❚❚' : '▶'}
        </button>
        <span class="mono small" aria-live="off">
          {formatOffset(currentMs)} / {formatOffset(total)}
        </span>
        <a class="btn btn-small btn-ghost" href={src} download>
          Download WAV
        </a>
      </div>
      {audioError ? (
        <p class="banner banner-error">
          The recording could not be played (the link may have expired; reload the page).
        </p>
      ) : null}
      {peaks ? (
        <div
          class="waveform"
          role="slider"
          tabIndex={0}
          aria-label="Recording position"
          aria-valuemin={0}
          aria-valuemax={Math.round(total / 1000)}
          aria-valuenow={Math.round(currentMs / 1000)}
          aria-valuetext={`${formatOffset(currentMs)} of ${formatOffset(total)}`}
          onClick={(e) => {
            const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
            seek(((e.clientX - r.left) / r.width) * total);
          }}
          onKeyDown={(e) => {
            const step = e.shiftKey ? 1000 : 5000;
            if (e.key === 'ArrowRight') seek(currentMs + step);
            else if (e.key === 'ArrowLeft') seek(currentMs - step);
            else if (e.key === 'Home') seek(0);
            else if (e.key === 'End') seek(total);
            else return;
            e.preventDefault();
          }}
        >
          <svg viewBox={`0 0 ${buckets} 100`} preserveAspectRatio="none" aria-hidden="true">
            <path class="wave-caller" d={barsPath(peaks.channels[0]!, 48)} />
            <g transform="translate(0 52)">
              <path class="wave-agent" d={barsPath(peaks.channels[1] ?? peaks.channels[0]!, 48)} />
            </g>
            <rect class="wave-played" x={0} y={0} width={x} height={100} />
            <line class="wave-head" x1={x} x2={x} y1={0} y2={100} />
          </svg>
          <div class="wave-labels" aria-hidden="true">
            <span>Caller</span>
            <span>Agent</span>
          </div>
        </div>
      ) : waveError ? (
        <p class="muted small">Waveform unavailable: {waveError}</p>
      ) : (
        <div class="waveform waveform-loading" aria-hidden="true" />
      )}
    </div>
  );
}
