// Bundles the service and its scripts with esbuild; npm packages stay external, so native ones
// (DuckDB) load from node_modules and `npm ci --omit=dev` is all production needs.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = { server: 'backend/src/server.ts', demo: 'backend/src/demo/cli.ts', bench: 'backend/bench/bench.ts' };

await build({
  entryPoints: Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file))),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  outdir: 'backend/dist',
  logLevel: 'warning',
});
