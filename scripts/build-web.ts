/**
 * Builds the dashboard (web/) into web/dist with Vite. Runs before `npm start`; skips the build when
 * the sources have not changed since the last one (fingerprint in web/dist/.build-stamp).
 * Usage: tsx scripts/build-web.ts [--force] [--strict]   (--strict: exit 1 when the build fails)
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'web');
const distDir = path.join(webDir, 'dist');
const stampFile = path.join(distDir, '.build-stamp');
/** Inputs that change the bundle: the dashboard, the web SDK it embeds, and the locked package versions. */
const inputs = [webDir, path.join(root, 'web-sdk', 'src'), path.join(root, 'package-lock.json')];

async function walk(p: string, out: string[]): Promise<void> {
  const st = await fs.stat(p).catch(() => undefined);
  if (!st) return;
  if (st.isFile()) {
    out.push(`${path.relative(root, p)}:${st.size}:${Math.floor(st.mtimeMs)}`);
    return;
  }
  for (const e of await fs.readdir(p, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules' || e.name.startsWith('.')) continue;
    await walk(path.join(p, e.name), out);
  }
}

/** A hash of every input file's path, size and mtime. */
export async function sourceFingerprint(): Promise<string> {
  const files: string[] = [];
  for (const p of inputs) await walk(p, files);
  return createHash('sha256').update(files.sort().join('\n')).digest('hex');
}

/** Build web/dist unless it is current; returns whether a build ran. */
export async function buildDashboard(opts: { force?: boolean } = {}): Promise<boolean> {
  const fingerprint = await sourceFingerprint();
  const previous = await fs.readFile(stampFile, 'utf8').catch(() => '');
  const indexExists = await fs.stat(path.join(distDir, 'index.html')).then(
    () => true,
    () => false,
  );
  if (!opts.force && indexExists && previous.trim() === fingerprint) return false;
  const { build } = await import('vite');
  await build({ configFile: path.join(webDir, 'vite.config.ts'), logLevel: 'warn' });
  await fs.writeFile(stampFile, `${fingerprint}\n`);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const force = process.argv.includes('--force');
  const strict = process.argv.includes('--strict');
  const started = Date.now();
  buildDashboard({ force }).then(
    (built) => {
      if (built) process.stdout.write(`dashboard built into web/dist in ${Date.now() - started} ms\n`);
    },
    (e: unknown) => {
      process.stderr.write(
        `dashboard build failed (the API still works; the dashboard at / shows this): ${(e as Error).message}\n`,
      );
      process.exit(strict ? 1 : 0);
    },
  );
}
