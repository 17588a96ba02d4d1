import type { Frame } from '../frames.ts';
import type { FrameObserver } from '../processor.ts';

/** A stage whose provider can open its vendor connection ahead of use. */
export interface Prewarmable {
  prewarm(): void;
}

/**
 * Opens the LLM's and the TTS's vendor connections before a reply needs them: when the call starts
 * (the greeting, the first turn) and whenever the caller starts speaking (a reply follows), so no
 * turn pays a TCP and TLS handshake, the first one included, or one after the pool went idle.
 */
export class ProviderWarmer implements FrameObserver {
  constructor(private readonly stages: readonly Prewarmable[]) {}

  warm(): void {
    for (const s of this.stages) s.prewarm();
  }

  onFrame(frame: Frame): void {
    if (frame.type === 'user.started_speaking') this.warm();
  }
}
