import type { Context } from 'hono';
import { errors, type ValidationIssue } from '../../domain/errors.ts';
import type { SourceInput } from '../../domain/knowledge-base/knowledge-base.ts';
import { maxFileBytes } from '../../domain/knowledge-base/knowledge-base.ts';
import type { AppEnv } from '../context.ts';

/** Room for multipart boundaries and the other fields on top of the 50 MiB file. */
const envelopeBytes = maxFileBytes + 64 * 1024;

const usage =
  'Send multipart/form-data with either `file` alone, or `type=url` and `source=<http(s) URL>`, or `type=text` and `source=<text>`.';

const issue = (loc: string, msg: string, type = 'value_error'): ValidationIssue => ({
  loc: ['body', loc],
  msg,
  type,
});

/** Read the request body up to `limit` bytes; past it the upload is refused with 413. */
async function readLimited(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw errors.payloadTooLarge(
        maxFileBytes,
        `Upload exceeds the ${maxFileBytes}-byte (50 MiB) file limit.`,
      );
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

/** The submitted fields, from a multipart body or (url and text sources) a JSON object. */
async function readFields(c: Context<AppEnv>): Promise<Map<string, FormDataEntryValue | unknown>> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const body = await readLimited(c.req.raw, envelopeBytes);
    let form: FormData;
    try {
      form = await new Response(body, {
        headers: { 'content-type': c.req.header('content-type')! },
      }).formData();
    } catch {
      throw errors.validation([{ loc: ['body'], msg: `Malformed form body. ${usage}`, type: 'value_error' }]);
    }
    const fields = new Map<string, FormDataEntryValue>();
    for (const [k, v] of form) if (!fields.has(k)) fields.set(k, v);
    return fields;
  }
  if (/^application\/([\w.-]+\+)?json/.test(type)) {
    const body = (await c.req.json().catch(() => undefined)) as unknown;
    if (body && typeof body === 'object' && !Array.isArray(body)) return new Map(Object.entries(body));
  }
  throw errors.validation([{ loc: ['body'], msg: usage, type: 'missing' }]);
}

/** Decode an add-source request into a SourceInput (plus the optional KB `name`), or a 422 listing what is wrong. */
export async function readSourceForm(c: Context<AppEnv>): Promise<{ input: SourceInput; name?: string }> {
  const fields = await readFields(c);
  const file = fields.get('file');
  const type = fields.get('type');
  const source = fields.get('source');
  const nameField = fields.get('name');
  const name =
    typeof nameField === 'string' && nameField.trim() !== ''
      ? nameField.replaceAll('\u0000', '').trim().slice(0, 255)
      : undefined;
  const present = (v: unknown) => v !== undefined && v !== null && v !== '';

  if (present(file)) {
    if (!(file instanceof File))
      throw errors.validation([issue('file', 'Expected an uploaded file', 'file_type')]);
    const problems: ValidationIssue[] = [];
    if (present(type) && type !== 'file')
      problems.push(issue('type', 'Do not send `type` with a file upload (`file` alone)', 'extra_forbidden'));
    if (present(source))
      problems.push(
        issue('source', 'Do not send `source` with a file upload (`file` alone)', 'extra_forbidden'),
      );
    if (problems.length) throw errors.validation(problems);
    if (file.size > maxFileBytes)
      throw errors.payloadTooLarge(
        maxFileBytes,
        `File '${file.name}' is ${file.size} bytes; the limit is ${maxFileBytes} bytes (50 MiB).`,
      );
    return {
      input: { type: 'file', fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
      ...(name ? { name } : {}),
    };
  }

  const problems: ValidationIssue[] = [];
  if (!present(type)) problems.push(issue('type', `Field required. ${usage}`, 'missing'));
  else if (type !== 'url' && type !== 'text')
    problems.push(
      issue('type', "Input should be 'url' or 'text' (send a file as `file` without `type`)", 'enum'),
    );
  if (!present(source)) problems.push(issue('source', 'Field required', 'missing'));
  else if (typeof source !== 'string')
    problems.push(issue('source', 'Input should be a valid string', 'string_type'));
  if (problems.length) throw errors.validation(problems);
  const value = source as string;
  return {
    input: type === 'url' ? { type: 'url', url: value } : { type: 'text', text: value },
    ...(name ? { name } : {}),
  };
}
