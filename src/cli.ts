import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApiClient, isConnectionRefused } from './cli/api-client.ts';
import { openDirect } from './cli/direct.ts';
import { simulateInbound } from './cli/simulate-inbound.ts';
import { loadConfig } from './config/config.ts';

const usage = `Parley CLI

  npm run cli -- workspaces create <name>        create a workspace; prints its first secret key once
  npm run cli -- workspaces list
  npm run cli -- keys create [--workspace org_…] [--name NAME]   create a secret API key (shown once)
  npm run cli -- keys list [--workspace org_…]
  npm run cli -- migrate                          apply database migrations
  npm run cli -- calls simulate-inbound --number +1555… [--from +1…] [--script file.json] [--wait]
                                                  a simulated caller rings a sim number (script: steps or a sim object)

Talks to the running server (PARLEY_PUBLIC_URL / PORT) with the admin key (PARLEY_API_KEY or
<data dir>/admin-key); when no server is running it opens the store directly.
Options: --url URL, --key oi_sk_…, --json`;

type Out = { json: boolean };

async function main(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      workspace: { type: 'string' },
      name: { type: 'string' },
      number: { type: 'string' },
      from: { type: 'string' },
      script: { type: 'string' },
      wait: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [group, action, ...rest] = positionals;
  if (values.help || !group) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const config = loadConfig();
  const out: Out = { json: values.json ?? false };
  if (group === 'migrate') {
    const direct = await openDirect(config);
    try {
      print(
        out,
        { applied: direct.applied },
        `migrations applied: ${direct.applied.join(', ') || 'none (up to date)'}`,
      );
    } finally {
      await direct.close();
    }
    return;
  }
  const key = values.key ?? config.security.bootstrapApiKey ?? (await readAdminKey(config.dataDir));
  const api = new ApiClient(values.url ?? config.http.publicUrl, key ?? '');
  const cmd = `${group} ${action ?? ''}`.trim();
  const run = commands[cmd];
  if (!run) throw new Error(`unknown command "${cmd}"\n\n${usage}`);
  try {
    if (!key) throw Object.assign(new Error('no admin key'), { cause: { code: 'ECONNREFUSED' } });
    await run({ api, rest, values, out });
  } catch (e) {
    if (!isConnectionRefused(e)) throw e;
    const direct = await openDirect(config);
    try {
      await runDirect(cmd, direct.core, { rest, values, out });
    } finally {
      await direct.close();
    }
  }
}

type Ctx = {
  api: ApiClient;
  rest: string[];
  values: {
    workspace?: string | undefined;
    name?: string | undefined;
    number?: string | undefined;
    from?: string | undefined;
    script?: string | undefined;
    wait?: boolean | undefined;
  };
  out: Out;
};

const commands: Record<string, (c: Ctx) => Promise<void>> = {
  'workspaces create': async ({ api, rest, out }) => {
    const w = await api.call<{ id: string; name: string; api_key: string }>('POST', '/v1/workspaces', {
      name: need(rest[0], 'name'),
    });
    print(out, w, `workspace ${w.id} (${w.name})\nsecret key (shown once): ${w.api_key}`);
  },
  'workspaces list': async ({ api, out }) => {
    const r = await api.call<{ items: { id: string; name: string }[] }>('GET', '/v1/workspaces');
    print(out, r.items, r.items.map((w) => `${w.id}  ${w.name}`).join('\n'));
  },
  'keys create': async ({ api, values, out }) => {
    const path = values.workspace ? `/v1/workspaces/${values.workspace}/api-keys` : '/v1/api-keys';
    const k = await api.call<{ id: string; key: string }>('POST', path, { name: values.name ?? 'cli' });
    print(out, k, `key ${k.id}\nsecret key (shown once): ${k.key}`);
  },
  'calls simulate-inbound': async ({ api, values, out }) => {
    const { call, text } = await simulateInbound(api, values);
    print(out, call, text);
  },
  'keys list': async ({ api, values, out }) => {
    const path = values.workspace ? `/v1/workspaces/${values.workspace}/api-keys` : '/v1/api-keys';
    const keys = await api.call<{ id: string; name: string; key_prefix: string }[]>('GET', path);
    print(out, keys, keys.map((k) => `${k.id}  ${k.key_prefix}…  ${k.name}`).join('\n'));
  },
};

async function runDirect(
  cmd: string,
  core: Awaited<ReturnType<typeof openDirect>>['core'],
  c: Omit<Ctx, 'api'>,
) {
  const ws = core.workspaces;
  const orgOf = async () =>
    c.values.workspace ?? (await ws.listWorkspaces())[0]?.id ?? need(undefined, '--workspace');
  switch (cmd) {
    case 'workspaces create': {
      const { workspace, apiKey } = await ws.createWorkspace(need(c.rest[0], 'name'));
      return print(
        c.out,
        { ...workspace, api_key: apiKey },
        `workspace ${workspace.id} (${workspace.name})\nsecret key (shown once): ${apiKey}`,
      );
    }
    case 'workspaces list': {
      const items = await ws.listWorkspaces();
      return print(c.out, items, items.map((w) => `${w.id}  ${w.name}`).join('\n'));
    }
    case 'keys create': {
      const k = await ws.createApiKey(await orgOf(), c.values.name ?? 'cli');
      return print(c.out, k, `key ${k.id}\nsecret key (shown once): ${k.key}`);
    }
    case 'keys list': {
      const keys = await ws.listApiKeys(await orgOf());
      return print(c.out, keys, keys.map((k) => `${k.id}  ${k.key_prefix}…  ${k.name}`).join('\n'));
    }
    case 'calls simulate-inbound':
      throw new Error('Simulated calls run on the server: start it with `npm start`, then run this again.');
    default:
      throw new Error(`unknown command "${cmd}"`);
  }
}

function need(v: string | undefined, what: string): string {
  if (!v) throw new Error(`missing ${what}\n\n${usage}`);
  return v;
}

function print(out: Out, data: unknown, text: string) {
  process.stdout.write(`${out.json ? JSON.stringify(data, null, 2) : text}\n`);
}

async function readAdminKey(dataDir: string): Promise<string | undefined> {
  try {
    return (await fs.readFile(path.join(dataDir, 'admin-key'), 'utf8')).trim() || undefined;
  } catch {
    return undefined;
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
