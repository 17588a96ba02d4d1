import { errors } from '../errors.ts';
import { newId } from '../ids.ts';
import {
  type FileKind,
  fileTypes,
  maxFileBytes,
  maxTextChars,
  maxUrlChars,
  type NewSource,
  type SourceInput,
} from './knowledge-base.ts';

const allowed = Object.keys(fileTypes).join(', ');

/** The extension that decides how a file is parsed, or undefined when it is not one we ingest. */
export function fileKindOf(fileName: string): FileKind | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return ext && Object.hasOwn(fileTypes, ext) ? (ext as FileKind) : undefined;
}

/** Canonical form of a source URL (hash dropped), or a 422 naming the problem. */
export function normalizeSourceUrl(raw: string): string {
  const value = raw.trim();
  const invalid = (msg: string) =>
    errors.invalidField(['body', 'source'], 'VALIDATION_ERROR', msg, 'url_parsing');
  if (value.length > maxUrlChars) throw invalid(`URL should have at most ${maxUrlChars} characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('Input should be a valid URL, e.g. https://docs.example.com');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalid('URL scheme should be http or https');
  if (url.username || url.password) throw invalid('URL must not contain credentials');
  url.hash = '';
  return url.href;
}

/** Check a submitted source against the documented limits and shape it for storage. */
export function prepareSource(input: SourceInput): NewSource {
  const id = newId('kbSource');
  switch (input.type) {
    case 'url':
      return {
        id,
        type: 'url',
        source: normalizeSourceUrl(input.url),
        file_name: null,
        mime_type: null,
        file_size: null,
        bytes: null,
      };
    case 'text': {
      // PostgreSQL text cannot hold NUL characters.
      const text = input.text.replaceAll('\u0000', '');
      if (text.trim() === '')
        throw errors.invalidField(
          ['body', 'source'],
          'VALIDATION_ERROR',
          'Text source is empty',
          'string_too_short',
        );
      if (text.length > maxTextChars)
        throw errors.invalidField(
          ['body', 'source'],
          'VALIDATION_ERROR',
          `Should have at most ${maxTextChars} characters`,
          'string_too_long',
        );
      return {
        id,
        type: 'text',
        source: text,
        file_name: null,
        mime_type: 'text/plain',
        file_size: Buffer.byteLength(text, 'utf8'),
        bytes: null,
      };
    }
    case 'file': {
      const fileName = baseName(input.fileName);
      const kind = fileKindOf(fileName);
      if (!kind)
        throw errors.invalidField(
          ['body', 'file'],
          'UNSUPPORTED_FILE_TYPE',
          `Unsupported file type '${fileName}'. Allowed extensions: ${allowed}.`,
        );
      if (input.bytes.byteLength > maxFileBytes)
        throw errors.payloadTooLarge(
          maxFileBytes,
          `File '${fileName}' is ${input.bytes.byteLength} bytes; the limit is ${maxFileBytes} bytes (50 MiB).`,
        );
      if (input.bytes.byteLength === 0)
        throw errors.invalidField(
          ['body', 'file'],
          'VALIDATION_ERROR',
          'The uploaded file is empty',
          'value_error',
        );
      return {
        id,
        type: 'file',
        source: fileName,
        file_name: fileName,
        mime_type: fileTypes[kind],
        file_size: input.bytes.byteLength,
        bytes: input.bytes,
      };
    }
  }
}

/** Auto-created KB name: the URL's domain, the file name, or the first 60 characters of the text. */
export function autoKbName(source: NewSource): string {
  if (source.type === 'url') return new URL(source.source).hostname.replace(/^www\./, '');
  if (source.type === 'file') return source.file_name!;
  return source.source.replace(/\s+/g, ' ').trim().slice(0, 60);
}

/** The last path segment of an uploaded file name, clipped to 255 characters. */
function baseName(name: string): string {
  const base = name.replaceAll('\u0000', '').split(/[\\/]/).pop()!.trim();
  if (!base)
    throw errors.invalidField(
      ['body', 'file'],
      'VALIDATION_ERROR',
      'The uploaded file has no name',
      'value_error',
    );
  return base.length > 255 ? base.slice(base.length - 255) : base;
}
