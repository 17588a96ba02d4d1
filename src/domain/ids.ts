import { monotonicFactory } from 'ulid';
import { RandomPool } from '../lib/random-token.ts';

/** Resource id prefixes (decisions §1): prefix + '_' + lowercase ULID, time-sortable. */
export const idPrefixes = {
  workspace: 'org',
  agent: 'agt',
  llmModel: 'llm',
  tool: 'tool',
  knowledgeBase: 'kb',
  kbSource: 'kbs',
  kbJob: 'kbj',
  voice: 'vc',
  integration: 'crd',
  phoneNumber: 'phn',
  call: 'call',
  webhook: 'wh',
  webhookDelivery: 'whd',
  callOutcome: 'cou',
  publishableKey: 'pk',
  apiKey: 'key',
  request: 'req',
  auditEvent: 'evt',
  message: 'msg',
} as const;
export type IdKind = keyof typeof idPrefixes;

// One monotonic factory per kind: ids of a kind sort by creation even within a millisecond, and a kind
// stamped from an injected clock (calls) is not pushed to wall-clock time by other kinds' ids.
const factories = new Map<IdKind, ReturnType<typeof monotonicFactory>>();
// ulid's own PRNG makes a 1-byte getRandomValues call per character (16 per id).
const random = new RandomPool();
const prng = () => random.unit();

export function newId(kind: IdKind, nowMs?: number): string {
  let ulid = factories.get(kind);
  if (!ulid) {
    ulid = monotonicFactory(prng);
    factories.set(kind, ulid);
  }
  return `${idPrefixes[kind]}_${ulid(nowMs).toLowerCase()}`;
}

const ulidBody = '[0-9a-hjkmnp-tv-z]{26}';
const patterns = new Map<IdKind, RegExp>(
  Object.entries(idPrefixes).map(([k, p]) => [k as IdKind, new RegExp(`^${p}_${ulidBody}$`)]),
);

/** True when `id` has the right prefix and a well-formed ULID body. */
export function isId(kind: IdKind, id: string): boolean {
  return patterns.get(kind)!.test(id);
}

/** Regex source for OpenAPI path-param patterns. */
export function idPattern(kind: IdKind): string {
  return `^${idPrefixes[kind]}_${ulidBody}$`;
}
