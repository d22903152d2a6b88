// Bundles the harness page's script: the shared libraries (react, @grafana/*, rxjs...) the AMD
// loader hands the built plugin, plus the harness app. Output: browser/dist/harness.js.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/**
 * @grafana/* as their CommonJS builds: their ES builds (.mjs) default-import CommonJS packages
 * (react-custom-scrollbars-2...) with Node's .mjs semantics, which bundlers follow literally.
 */
const grafanaCommonJs = {
  name: 'grafana-commonjs',
  setup(b) {
    b.onResolve({ filter: /^@grafana\/(data|ui|runtime|schema|i18n|e2e-selectors)$/ }, (args) => ({
      path: require.resolve(args.path, { paths: [args.resolveDir] }),
    }));
  },
};

await build({
  entryPoints: [join(here, 'harness', 'main.tsx')],
  outfile: join(here, 'dist', 'harness.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': process.env.HARNESS_DEV ? '"development"' : '"production"', global: 'globalThis' },
  loader: { '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'empty' },
  plugins: [grafanaCommonJs],
  logLevel: 'warning',
  minify: !process.env.HARNESS_DEV,
});
