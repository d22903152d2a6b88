// Bundles the harness page's script once per Grafana generation (browser/generations.json): the
// shared libraries the AMD loader hands the built plugin, taken from that generation's
// node_modules, plus the harness app. Output: harness.js and harness.css in each generation's
// directory under browser/dist/.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);
const generations = JSON.parse(readFileSync(join(here, 'generations.json'), 'utf8'));

/**
 * The harness's own imports of packages (react, @grafana/*...) resolve in the generation's
 * node_modules; imports inside node_modules resolve from where they are, so each package gets
 * its own generation's dependencies. @grafana/* resolve to their CommonJS builds: their ES builds
 * (.mjs) default-import CommonJS packages (react-custom-scrollbars-2...) with Node's .mjs
 * semantics, which bundlers follow literally.
 */
function sharedLibrariesOf(packages) {
  return {
    name: 'shared-libraries',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData?.shared) return undefined;
        const fromPackage = args.importer.split(sep).includes('node_modules');
        if (/^@grafana\/(data|ui|runtime|schema|i18n|e2e-selectors)$/.test(args.path)) {
          return { path: require.resolve(args.path, { paths: [fromPackage ? args.resolveDir : packages] }) };
        }
        if (fromPackage) return undefined;
        const { path, errors, external, sideEffects, namespace } = await b.resolve(args.path, { resolveDir: packages, kind: args.kind, pluginData: { shared: true } });
        return { path, errors, external, sideEffects, namespace };
      });
    },
  };
}

function versionOf(packages, name) {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [packages] }), 'utf8')).version;
}

for (const generation of generations) {
  const packages = join(root, generation.packages);
  if (!existsSync(join(packages, 'node_modules', '@grafana', 'ui'))) {
    throw new Error(`${generation.label}: ${generation.packages}/node_modules is not installed (scripts/ensure-deps.sh installs it)`);
  }
  await build({
    entryPoints: [join(here, 'harness', 'main.tsx')],
    outfile: join(root, generation.out, 'harness.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    define: {
      'process.env.NODE_ENV': process.env.HARNESS_DEV ? '"development"' : '"production"',
      global: 'globalThis',
      // The page says which libraries it runs, so a test can check it ran the generation it meant to.
      HARNESS_GRAFANA_VERSION: JSON.stringify(versionOf(packages, '@grafana/ui')),
    },
    loader: { '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'empty' },
    plugins: [sharedLibrariesOf(packages)],
    logLevel: 'warning',
    minify: !process.env.HARNESS_DEV,
  });
}
