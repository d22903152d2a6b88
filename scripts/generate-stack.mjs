// npm run stack:generate: bundles stack/generate.ts with esbuild and runs it from the repository root.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.tmp', 'generate-stack.cjs');
mkdirSync(dirname(out), { recursive: true });
await build({ entryPoints: [join(root, 'stack', 'generate.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', outfile: out, logLevel: 'warning' });
execFileSync(process.execPath, [out, root], { stdio: 'inherit', cwd: root });
