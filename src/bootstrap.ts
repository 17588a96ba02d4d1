import fs from 'node:fs/promises';
import path from 'node:path';
import type { WorkspaceService } from './domain/workspace/workspace-service.ts';

/** First start on an empty store: create workspace `default` + admin key, save it to `<dataDir>/admin-key` (0600), print it once. */
export async function bootstrapAdmin(
  workspaces: WorkspaceService,
  dataDir: string,
  seedKey: string | undefined,
  print: (s: string) => void,
) {
  const boot = await workspaces.bootstrap(seedKey);
  if (!boot?.generated) return;
  const file = path.join(dataDir, 'admin-key');
  await fs.writeFile(file, `${boot.apiKey}\n`, { mode: 0o600 });
  print(
    `\n  Parley created workspace "default" and its admin API key (shown once, also saved to ${file}):\n\n    ${boot.apiKey}\n\n`,
  );
}
