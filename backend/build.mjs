// Bundles the service and its scripts with esbuild; npm packages stay external, so native ones
// (DuckDB) load from node_modules and `npm ci --omit=dev` is all production needs.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  outdir: 'backend/dist',
  logLevel: 'warning',
};

/**
 * How the service runs, in one place: `npm start`, the container and the benchmark all execute
 * backend/dist/server.js itself. Memory: ingest keeps ~50 MB alive, but V8 lets the young
 * generation grow to 16 MB a half and the heap to ~4x what survived the last full GC; an 8 MB
 * young generation and 10% growth bring peak RSS under the benchmark from ~360 to ~175 MB.
 * 10% growth alone, with a small live heap, turned nearly every scavenge of webhook traffic into
 * a full mark-compact (62 per 5,000 GitHub deliveries): the old generation may first fill to
 * 64 MB, which keeps the bound on peak RSS and cut the service's CPU per delivery by ~20%.
 * MALLOC_ARENA_MAX=2: glibc gives each thread that allocates its own malloc arena (up to 8 per
 * core), and DuckDB allocates from libuv's pool threads and its own; memory freed in one arena
 * is not reused by another: under the 10M-event benchmark on the embedded store glibc held 10
 * arenas, 70 MB from the OS for 40 MB in use. Two arenas took its peak RSS from 318–330 to
 * 292–299 MB over three runs each (README, Benchmark). `env -S` sets it before node starts.
 */
const SERVER_SHEBANG = '#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --enable-source-maps --max-semi-space-size=16 --heap-growing-percent=10 --initial-old-space-size=64 --single-threaded-gc';

await Promise.all([
  build({ ...common, entryPoints: { server: 'backend/src/server.ts' }, banner: { js: SERVER_SHEBANG } }),
  build({ ...common, entryPoints: { demo: 'backend/src/demo/cli.ts', bench: 'backend/bench/bench.ts', import: 'backend/src/import/cli.ts' } }),
]);
chmodSync('backend/dist/server.js', 0o755);
