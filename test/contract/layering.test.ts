import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Architecture rules 1, 2 and 14 (docs/architecture.md), read from the import statements of every
 * source file under src/ (test files wire whatever they test and are left out).
 */
const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

interface Edge {
  from: string;
  /** Path under src/ for a relative import, the package name otherwise. */
  to: string;
  external: boolean;
  /** `import type` / `export type`: erased at runtime. */
  typeOnly: boolean;
}

function sourceFiles(dir = src): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path.relative(src, p)] : [];
  });
}

const staticImport =
  /^[ \t]*(?:import|export)[ \t]+(type[ \t]+)?(?:[^'";]*?[ \t\n]from[ \t]*)?['"]([^'"]+)['"]/gm;
const dynamicImport = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function packageName(spec: string): string {
  if (spec.startsWith('node:')) return 'node:';
  const parts = spec.split('/');
  return spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? spec);
}

function edgesOf(file: string): Edge[] {
  const text = fs.readFileSync(path.join(src, file), 'utf8');
  const edge = (spec: string, typeOnly: boolean): Edge =>
    spec.startsWith('.')
      ? { from: file, to: path.posix.join(path.posix.dirname(file), spec), external: false, typeOnly }
      : { from: file, to: packageName(spec), external: true, typeOnly };
  return [
    ...[...text.matchAll(staticImport)].map((m) => edge(m[2]!, m[1] !== undefined)),
    ...[...text.matchAll(dynamicImport)].map((m) => edge(m[1]!, false)),
  ];
}

/** The top folder under src/ (`root` for compose*.ts, main.ts and the other entry files). */
const layerOf = (file: string) => (file.includes('/') ? file.split('/')[0]! : 'root');

/**
 * Provider interface modules: a capability's interface, capabilities and errors, no vendor code.
 * Layers above the adapters name these, never an adapter.
 */
const providerInterfaces = new Set([
  'providers/errors.ts',
  'providers/calendar/calendar.ts',
  'providers/email/email.ts',
  'providers/embeddings/embeddings.ts',
  'providers/llm/llm.ts',
  'providers/messaging/sms.ts',
  'providers/storage/recording-store.ts',
  'providers/stt/stt.ts',
  'providers/tts/tts.ts',
  'providers/telephony/carrier-account.ts',
  'providers/telephony/numbers.ts',
  'providers/telephony/sim/sim-number-store.ts',
  'providers/telephony/sip-trunks.ts',
]);
/** A fake provider or a loopback vendor double: test support, which testing code may use. */
const isProviderTestDouble = (to: string) =>
  /^providers\/.*(\/fake-[\w-]+\.ts|\/testing\/[\w-]+\.ts)$/.test(to);
const isTestingCode = (from: string) => /(^|\/)testing\//.test(from) || from.endsWith('.contract.ts');

/** Packages only some layers may use: the database and queues, the HTTP framework, vendor SDKs. */
const packageHomes: { what: string; test: (pkg: string) => boolean; layers: string[] }[] = [
  {
    what: 'the database',
    test: (p) => ['pg', 'pg-boss', 'kysely', 'ioredis'].includes(p) || p.startsWith('@electric-sql/'),
    layers: ['store', 'jobs', 'cluster'],
  },
  { what: 'the HTTP framework', test: (p) => p === 'hono' || p.startsWith('@hono/'), layers: ['api'] },
  {
    what: 'a vendor SDK',
    test: (p) => ['twilio', 'telnyx', 'livekit-server-sdk'].includes(p) || p.startsWith('@livekit/'),
    layers: ['providers', 'transports'],
  },
];

/** Which layers each layer may import (besides itself); root (compose*.ts, main.ts) and cli/ may import all. */
const permitted: Record<string, string[]> = {
  lib: [],
  config: ['lib'],
  domain: ['lib', 'providers'],
  store: ['domain', 'lib', 'providers'],
  // Carrier callback routes call the carrier-callback services in media/ (types only).
  api: ['domain', 'lib', 'providers', 'media'],
  ingestion: ['domain', 'lib', 'providers'],
  pipeline: ['domain', 'lib', 'providers'],
  calls: ['domain', 'lib', 'pipeline', 'providers'],
  cluster: ['domain', 'lib', 'providers'],
  jobs: ['domain', 'lib', 'ingestion', 'pipeline', 'providers'],
  // A carrier's media codec turns vendor messages into frames (architecture §10).
  providers: ['domain', 'lib', 'pipeline', 'config'],
  // Carrier and transport wiring: picks each carrier's call control and media codec.
  media: ['domain', 'lib', 'pipeline', 'providers'],
  transports: ['domain', 'lib', 'pipeline', 'media', 'providers'],
};

/** Layers that may also name any provider module with `import type` (types, no adapter code). */
const typesOfProviders = new Set(['api', 'ingestion', 'calls', 'cluster', 'jobs']);

/**
 * Edges the rules forbid that are deliberate. Keep this list short; every entry says why.
 * Keyed `from -> to` (paths under src/, or the package).
 */
const allowed: Record<string, string> = {
  'jobs/queue.ts -> store/db.ts':
    'the pg-boss queue runs on the store’s own connection (PGlite or PostgreSQL); type-only',
  'domain/ids.ts -> ulid': 'ids are ULIDs: the id format is a domain rule and ulid is its generator',
};

/** Why an edge is forbidden, or undefined when it is fine. */
function violation(e: Edge): string | undefined {
  const from = layerOf(e.from);
  if (from === 'root' || from === 'cli') return undefined;
  if (e.external) {
    if (from === 'domain' && e.to !== 'zod') return 'domain/ imports only lib/, zod and provider interfaces';
    const home = packageHomes.find((h) => h.test(e.to));
    if (home && !home.layers.includes(from)) return `${from}/ must not use ${home.what} (${e.to})`;
    return undefined;
  }
  const to = layerOf(e.to);
  if (from === to) return undefined;
  if (!permitted[from]?.includes(to)) return `${from}/ must not import ${to}/`;
  if (to === 'providers') {
    const isInterface = providerInterfaces.has(e.to);
    if ((from === 'domain' || from === 'store') && !(isInterface && e.typeOnly))
      return `${from}/ names provider interfaces with \`import type\` only, not ${e.to}`;
    if (from === 'pipeline' && !isInterface && !(isProviderTestDouble(e.to) && isTestingCode(e.from)))
      return `pipeline/ names provider interfaces only, not the adapter ${e.to}`;
    if (typesOfProviders.has(from) && !isInterface && !e.typeOnly)
      return `${from}/ gets adapters injected; it may import only their types, not ${e.to}`;
  }
  if (from === 'providers' && to === 'config' && !e.typeOnly) return 'providers/ take their config as values';
  if (from === 'api' && to === 'media' && !e.typeOnly)
    return 'api/ gets the carrier-callback services injected (types only)';
  return undefined;
}

const files = sourceFiles();
const edges = files.flatMap(edgesOf);

describe('layering (architecture rule 1)', () => {
  it('finds the source files and their imports', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(edges.filter((e) => !e.external).length).toBeGreaterThan(1000);
  });

  it('has no forbidden import edge', () => {
    const found = edges
      .filter((e) => allowed[`${e.from} -> ${e.to}`] === undefined)
      .flatMap((e) => {
        const why = violation(e);
        return why ? [`${e.from} -> ${e.to}: ${why}`] : [];
      });
    expect(found).toEqual([]);
  });

  it('lists only allowances that are still needed', () => {
    const stale = Object.keys(allowed).filter(
      (k) => !edges.some((e) => `${e.from} -> ${e.to}` === k && violation(e) !== undefined),
    );
    expect(stale).toEqual([]);
  });

  it('lists only provider interface modules that exist', () => {
    expect([...providerInterfaces].filter((p) => !fs.existsSync(path.join(src, p)))).toEqual([]);
  });
});

describe('configuration and state (architecture rules 2 and 14)', () => {
  const read = (f: string) => fs.readFileSync(path.join(src, f), 'utf8');

  it('reads process.env only in config/', () => {
    const readers = files.filter(
      (f) =>
        !f.startsWith('config/') &&
        /process\.env\b|process\[['"]env['"]\]|\{[^}]*\benv\b[^}]*\}\s*=\s*process\b/.test(read(f)),
    );
    expect(readers).toEqual([]);
  });

  /** Module-level mutable state that is deliberate: a cache of immutable values, or per-process by nature. */
  const stateAllowed: Record<string, string> = {
    'domain/ids.ts': 'ULID monotonicity is per process by definition (one monotonic factory per id kind)',
    'lib/zoned-time.ts': 'memoises immutable Intl.DateTimeFormat instances per time zone',
    'pipeline/audio/resampler.ts': 'memoises immutable filter designs per ratio and rate',
    'pipeline/audio/fir-kernel.ts':
      'one WebAssembly instance per thread: the filter banks it holds are immutable, its scratch is used synchronously',
    'pipeline/testing/flite-speech.ts':
      'test support: compiles the flite WebAssembly module once per process',
  };

  it('keeps no state in modules: no top-level let/var, mutated top-level collections or static counters', () => {
    const stateful = files.filter((f) => {
      if (stateAllowed[f]) return false;
      const text = read(f);
      if (/^(export )?(let|var) /m.test(text)) return true;
      if (/^\s+(private |protected |public )?static (?!readonly)\w+\s*[:=]/m.test(text)) return true;
      const collections = [
        ...text.matchAll(/^(?:export )?const (\w+)(?::[^=]+)? = new (?:Map|Set|WeakMap)\b/gm),
      ];
      return collections.some(([, name]) => new RegExp(`\\b${name}\\.(set|add|delete|clear)\\(`).test(text));
    });
    expect(stateful).toEqual([]);
  });

  it('allows module state only where it is still there', () => {
    expect(Object.keys(stateAllowed).filter((f) => !files.includes(f))).toEqual([]);
  });
});
