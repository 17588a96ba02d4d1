import type { Config } from '../../config/config.ts';
import type { Clock } from '../../lib/clock.ts';
import { DataDirRecordingStore } from './data-dir-recording-store.ts';
import type { RecordingStore } from './recording-store.ts';
import { S3RecordingStore } from './s3-recording-store.ts';

/** The configured recording store: the S3-compatible bucket (PARLEY_S3_BUCKET), else the data dir. */
export function recordingStore(config: Config, clock: Clock): RecordingStore {
  const b = config.recordingsBucket;
  if (!b) return new DataDirRecordingStore(config.dataDir);
  return new S3RecordingStore({
    bucket: b.bucket,
    endpoint: b.endpoint,
    region: b.region,
    accessKeyId: b.accessKeyId!,
    secretAccessKey: b.secretAccessKey!,
    prefix: b.prefix,
    clock,
  });
}
