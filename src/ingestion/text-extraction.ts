import { type Chunk, chunkSections, type TextSection } from '../domain/knowledge-base/chunking.ts';
import type { FileKind } from '../domain/knowledge-base/knowledge-base.ts';
import { cl100kTokenizer } from '../lib/tokenizer.ts';
import { documentSections } from './documents/document-text.ts';
import { type HtmlPage, readHtml } from './web/html-text.ts';

/** The CPU-heavy steps of ingestion: parsing documents and pages, tokenizing and chunking. */
export interface TextExtraction {
  /** Text of an uploaded (or crawled) file; IngestError when it is mislabelled, corrupt or empty. */
  document(fileName: string, kind: FileKind, bytes: Uint8Array): Promise<TextSection[]>;
  html(html: string, url: string): Promise<HtmlPage>;
  /** Chunks of at most `chunkSize` tokens, and the token count of the whole text. */
  chunk(sections: TextSection[], chunkSize: number): Promise<{ chunks: Chunk[]; tokens: number }>;
}

/** Runs the steps on the calling thread (the worker uses this; tests may too). */
export const inProcessExtraction: TextExtraction = {
  document: (fileName, kind, bytes) => documentSections(fileName, kind, bytes),
  html: async (html, url) => readHtml(html, url),
  chunk: async (sections, chunkSize) => ({
    chunks: chunkSections(sections, { chunkSize, tokenizer: cl100kTokenizer }),
    tokens: cl100kTokenizer.count(sections.map((s) => s.text).join('\n\n')),
  }),
};
