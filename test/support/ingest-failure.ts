import { expect } from 'vitest';
import { IngestError } from '../../src/domain/knowledge-base/ingest-error.ts';

/** Await a promise that must reject with an IngestError, and return it. */
export async function ingestFailure(p: Promise<unknown>): Promise<IngestError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(IngestError);
  return e as IngestError;
}
