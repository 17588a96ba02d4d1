import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sourceFiles(p)));
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** Codes passed as literals to the error constructors of src/domain/errors.ts, plus its own. */
async function codesInSource(): Promise<Set<string>> {
  const codes = new Set<string>();
  const call =
    /errors\.(?:badRequest|invalidField|forbidden|rateLimited|providerUnavailable)\(((?:[^()]|\([^()]*\))*?)'([A-Z][A-Z0-9_]+)'/gs;
  for (const file of await sourceFiles('src')) {
    const text = await fs.readFile(file, 'utf8');
    for (const m of text.matchAll(call)) codes.add(m[2]!);
    for (const m of text.matchAll(/new AppError\(\s*'[a-z_]+',\s*'([A-Z][A-Z0-9_]+)'/g)) codes.add(m[1]!);
  }
  const errorsTs = await fs.readFile('src/domain/errors.ts', 'utf8');
  const resources = errorsTs.slice(errorsTs.indexOf('const resourceCodes'), errorsTs.indexOf('} as const'));
  for (const m of resources.matchAll(/:\s*'([A-Z_]+)'/g)) codes.add(`${m[1]}_NOT_FOUND`);
  return codes;
}

describe('the error catalogue', () => {
  it('documents every error code the source can return in docs/errors.md', async () => {
    const doc = await fs.readFile('docs/errors.md', 'utf8');
    const codes = await codesInSource();
    expect(codes.size).toBeGreaterThan(30);
    const undocumented = [...codes].filter((c) => !doc.includes(`\`${c}\``)).sort();
    expect(undocumented).toEqual([]);
  });
});
