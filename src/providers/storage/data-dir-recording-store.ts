import fs from 'node:fs/promises';
import path from 'node:path';
import { isId } from '../../domain/ids.ts';
import type { RecordingStore } from './recording-store.ts';

/** Recordings as files under `<data dir>/recordings/`, written atomically (temp file, then rename). */
export class DataDirRecordingStore implements RecordingStore {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'recordings');
  }

  async put(callId: string, wav: Uint8Array): Promise<string> {
    if (!isId('call', callId)) throw new Error(`not a call id: ${callId}`);
    const key = `recordings/${callId}.wav`;
    await fs.mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, `${callId}.wav`);
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, wav);
    await fs.rename(tmp, file);
    return key;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const m = /^recordings\/(.+)\.wav$/.exec(key);
    if (!m || !isId('call', m[1]!)) return undefined;
    try {
      return new Uint8Array(await fs.readFile(path.join(this.dir, `${m[1]}.wav`)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }
}
