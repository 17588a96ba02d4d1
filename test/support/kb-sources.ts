import { expect } from 'vitest';
import type { Harness } from './harness.ts';

/** The upload limit for one knowledge-base source (50 MiB). */
export const maxSourceFile = 50 * 1024 * 1024;

/** Create a knowledge base named "Docs" over the API; asserts 201. */
export async function newKb(h: Harness, key?: string): Promise<{ id: string }> {
  const r = await h.json('POST', '/v1/knowledge-bases', { body: { name: 'Docs' }, ...(key ? { key } : {}) });
  expect(r.status).toBe(201);
  return r.body;
}

/** A multipart body with these fields. */
export function form(fields: Record<string, string | File>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

export const textFile = (name: string, text = 'Refunds are accepted within 30 days.') =>
  new File([text], name);

/** Add a source to a knowledge base over the API; asserts 202 and returns `{knowledge_base_id, source, job, message}`. */
export async function addSource(
  h: Harness,
  kbId: string,
  fields: Record<string, string | File>,
  key?: string,
) {
  const r = await h.json('POST', `/v1/knowledge-bases/${kbId}/sources`, {
    body: form(fields),
    ...(key ? { key } : {}),
  });
  expect(r.status).toBe(202);
  return r.body;
}

/** A fresh knowledge base with one text source; returns the KB and the add-source response. */
export async function kbWithSource(h: Harness) {
  const kb = await newKb(h);
  return { kb, added: await addSource(h, kb.id, { type: 'text', source: 'secured' }) };
}
