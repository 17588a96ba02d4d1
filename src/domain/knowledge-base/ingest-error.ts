/**
 * A reason a source cannot be ingested that the user can act on (wrong file type, corrupt file,
 * unreachable or refused URL). Its message becomes the job's and the source's `error_message`;
 * the job is not retried.
 */
export class IngestError extends Error {
  constructor(message: string, opts?: { cause?: unknown }) {
    super(message, opts);
    this.name = 'IngestError';
  }
}
