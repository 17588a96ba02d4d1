import { createRequire } from 'node:module';

/** The package version, reported by /health and the OpenAPI document. */
export const version: string = (createRequire(import.meta.url)('../package.json') as { version: string })
  .version;
