/**
 * Builds the Grafana plugin: src/module.ts -> dist/module.js as an AMD module (Grafana's loader
 * supplies react, @grafana/* and the other shared libraries), plus what the plugin catalogue
 * reads: plugin.json, the logo and screenshots it names, src/README.md (for Grafana users),
 * CHANGELOG.md and LICENSE. `%VERSION%` and `%TODAY%` in plugin.json come from package.json and
 * the date. The context is src/, as create-plugin's: the source map names sources relative to
 * it (./module.ts), which is where the plugin validator looks for them.
 */
const path = require('node:path');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const { version } = require('./package.json');
const pluginJson = require('./plugin.json');

/** The images plugin.json names, copied to the same paths in dist/ (src/img/screenshots links to docs/). */
const images = [...new Set([pluginJson.info.logos.small, pluginJson.info.logos.large, ...pluginJson.info.screenshots.map((s) => s.path)])];

/**
 * Provided by Grafana at runtime, never bundled. react/jsx-runtime too, as create-plugin's
 * externals have it: a bundled React 18 jsx-runtime reads React 18's internals, which React 19
 * (Grafana 13) no longer has.
 */
const externals = [
  'react', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-dom',
  '@grafana/data', '@grafana/ui', '@grafana/runtime', 'rxjs', 'lodash', '@emotion/css', '@emotion/react',
];

module.exports = (_env, argv) => ({
  mode: argv.mode ?? 'production',
  context: path.join(__dirname, 'src'),
  entry: { module: './module.ts' },
  devtool: 'source-map',
  output: {
    path: path.resolve(__dirname, 'dist'),
    filename: '[name].js',
    library: { type: 'amd' },
    publicPath: '/public/plugins/flowmeter-insights-datasource/',
    clean: true,
    uniqueName: 'flowmeter-insights-datasource',
  },
  externals,
  resolve: { extensions: ['.ts', '.tsx', '.js', '.jsx'] },
  module: {
    rules: [{
      test: /\.[tj]sx?$/,
      exclude: /node_modules/,
      use: {
        loader: 'swc-loader',
        options: { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2020', transform: { react: { runtime: 'automatic' } } } },
      },
    }],
  },
  plugins: [
    new CopyWebpackPlugin({
      patterns: [
        {
          from: '../plugin.json',
          transform: (content) => content.toString()
            .replace('%VERSION%', version)
            .replace('%TODAY%', new Date().toISOString().slice(0, 10)),
        },
        ...images.map((image) => ({ from: image, to: image })),
        { from: 'README.md' },
        { from: '../CHANGELOG.md' },
        { from: '../LICENSE' },
      ],
    }),
  ],
  performance: { hints: false },
});
