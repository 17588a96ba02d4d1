/** Where call recordings (stereo WAV: caller left, agent right) live; keyed by call id. */
export interface RecordingStore {
  /** Store the WAV for `callId` (replacing any earlier one); returns the key to put in `recording_key`. */
  put(callId: string, wav: Uint8Array): Promise<string>;
  /** The bytes stored under `key`, or undefined when there are none. */
  get(key: string): Promise<Uint8Array | undefined>;
}
