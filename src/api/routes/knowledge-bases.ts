import { createRoute } from '@hono/zod-openapi';
import type { KnowledgeBaseService } from '../../domain/knowledge-base/knowledge-base-service.ts';
import { orgOf } from '../middleware/auth.ts';
import {
  createRouter,
  errorResponses,
  idParams,
  jsonBody,
  jsonResponse,
  offsetListRoute,
  offsetPageBody,
  offsetQuery,
  secured,
  z,
} from '../openapi.ts';
import {
  KbJob,
  KbSource,
  KnowledgeBase,
  KnowledgeBaseCreate,
  SourceAccepted,
  sourceFormSchema,
} from '../schemas/knowledge-base.ts';
import { readSourceForm } from './kb-source-form.ts';

const tags = ['knowledge-bases'];
const kbParams = idParams('kb_id', 'kb_01jd8x2k3m4n5p6q7r8s9t0v1w');
const sourceParams = kbParams.extend(idParams('source_id', 'kbs_01jd8x2k3m4n5p6q7r8s9t0v1w').shape);
const jobParams = kbParams.extend(idParams('job_id', 'kbj_01jd8x2k3m4n5p6q7r8s9t0v1w').shape);

/** Multipart (or JSON for url/text) body, documented but read by `readSourceForm`. */
function sourceBody(withName: boolean) {
  const schema = sourceFormSchema(withName);
  return {
    body: {
      required: true,
      description: 'A file alone, or `type=url|text` with `source`',
      content: { 'multipart/form-data': { schema }, 'application/json': { schema } },
    },
  };
}

const create = createRoute({
  method: 'post',
  path: '/',
  tags,
  security: secured,
  summary: 'Create knowledge base',
  description: 'Create an empty KB; add content with POST /v1/knowledge-bases/{kb_id}/sources.',
  request: jsonBody(KnowledgeBaseCreate),
  responses: { 201: jsonResponse(KnowledgeBase, 'The created knowledge base'), ...errorResponses() },
});

const list = offsetListRoute({
  tags,
  summary: 'List knowledge bases',
  description:
    'Offset page `{items, total, limit, offset}` (limit 1–100, default 20), newest first. Use it to find `kb_id`s.',
  query: offsetQuery(),
  item: KnowledgeBase,
  pageName: 'KnowledgeBasePage',
  pageDescription: 'A page of knowledge bases (newest first)',
});

const get = createRoute({
  method: 'get',
  path: '/{kb_id}',
  tags,
  security: secured,
  summary: 'Get knowledge base',
  description:
    'The KB with its source count and the tokens of its ingested sources (`token_count`, compared with `kb_token_budget`).',
  request: { params: kbParams },
  responses: { 200: jsonResponse(KnowledgeBase, 'The knowledge base'), ...errorResponses(404) },
});

const remove = createRoute({
  method: 'delete',
  path: '/{kb_id}',
  tags,
  security: secured,
  summary: 'Delete knowledge base',
  description:
    'Deletes its sources, jobs and index. 409 (with `details.model_ids`) while a model lists it in `knowledge_base_ids`.',
  request: { params: kbParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});

const addSource = createRoute({
  method: 'post',
  path: '/{kb_id}/sources',
  tags,
  security: secured,
  summary: 'Add source to a knowledge base',
  description:
    'Upload a file (pdf, docx, xlsx, xls, txt, md; ≤ 50 MiB) as `file` alone, or send `type=url` + `source` (the site is crawled) or `type=text` + `source`. Ingestion runs in a job; poll it. Re-adding a URL already in the KB refreshes it.',
  request: { params: kbParams, ...sourceBody(false) },
  responses: {
    202: jsonResponse(SourceAccepted, 'Source accepted; ingestion job queued'),
    ...errorResponses(404, 413),
  },
});

const addSourceAutoKb = createRoute({
  method: 'post',
  path: '/sources',
  tags,
  security: secured,
  summary: 'Add source and auto-create a knowledge base',
  description:
    'Same fields as adding to an existing KB, plus optional `name`. The new KB is named after the URL domain, the file name or the first 60 characters of the text, with chunk_size 512.',
  request: sourceBody(true),
  responses: {
    202: jsonResponse(SourceAccepted, 'KB created; ingestion job queued'),
    ...errorResponses(413),
  },
});

const listSources = createRoute({
  method: 'get',
  path: '/{kb_id}/sources',
  tags,
  security: secured,
  summary: 'List sources',
  description:
    'Every source of the KB as a bare array (newest first), with status `processing | completed | failed`.',
  request: { params: kbParams },
  responses: { 200: jsonResponse(z.array(KbSource), 'Every source (newest first)'), ...errorResponses(404) },
});

const removeSource = createRoute({
  method: 'delete',
  path: '/{kb_id}/sources/{source_id}',
  tags,
  security: secured,
  summary: 'Delete source',
  description: 'Removes the source and its chunks from the index.',
  request: { params: sourceParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404) },
});

const listJobs = createRoute({
  method: 'get',
  path: '/{kb_id}/jobs',
  tags,
  security: secured,
  summary: 'List ingestion jobs',
  description: 'Every ingestion job of the KB as a bare array (newest first).',
  request: { params: kbParams },
  responses: { 200: jsonResponse(z.array(KbJob), 'Every job (newest first)'), ...errorResponses(404) },
});

const getJob = createRoute({
  method: 'get',
  path: '/{kb_id}/jobs/{job_id}',
  tags,
  security: secured,
  summary: 'Get ingestion job',
  description:
    'Status goes queued → running → completed | failed; `payload` has chunks, tokens and vector_indexed.',
  request: { params: jobParams },
  responses: { 200: jsonResponse(KbJob, 'The job'), ...errorResponses(404) },
});

/** `/v1/knowledge-bases` */
export function knowledgeBaseRoutes(deps: { knowledgeBases: KnowledgeBaseService }) {
  const kbs = deps.knowledgeBases;
  return createRouter()
    .openapi(create, async (c) => c.json(await kbs.create(orgOf(c), c.req.valid('json')), 201))
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      return c.json(offsetPageBody(await kbs.list(orgOf(c), q), q), 200);
    })
    .openapi(addSourceAutoKb, async (c) => {
      const { input, name } = await readSourceForm(c);
      return c.json(await kbs.addSourceToNewKb(orgOf(c), input, name), 202);
    })
    .openapi(get, async (c) => c.json(await kbs.get(orgOf(c), c.req.valid('param').kb_id), 200))
    .openapi(remove, async (c) => {
      await kbs.delete(orgOf(c), c.req.valid('param').kb_id);
      return c.body(null, 204);
    })
    .openapi(addSource, async (c) => {
      const kbId = c.req.valid('param').kb_id;
      await kbs.get(orgOf(c), kbId);
      const { input } = await readSourceForm(c);
      return c.json(await kbs.addSource(orgOf(c), kbId, input), 202);
    })
    .openapi(listSources, async (c) =>
      c.json(await kbs.listSources(orgOf(c), c.req.valid('param').kb_id), 200),
    )
    .openapi(removeSource, async (c) => {
      const p = c.req.valid('param');
      await kbs.deleteSource(orgOf(c), p.kb_id, p.source_id);
      return c.body(null, 204);
    })
    .openapi(listJobs, async (c) => c.json(await kbs.listJobs(orgOf(c), c.req.valid('param').kb_id), 200))
    .openapi(getJob, async (c) => {
      const p = c.req.valid('param');
      return c.json(await kbs.getJob(orgOf(c), p.kb_id, p.job_id), 200);
    });
}
