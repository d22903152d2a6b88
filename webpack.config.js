/**
 * Builds the Grafana plugin: src/module.ts -> dist/module.js as an AMD module (Grafana's loader
 * supplies react, @grafana/* and the other shared libraries), plus plugin.json, img/, README.md
 * and CHANGELOG.md. `%VERSION%` and `%TODAY%` in plugin.json come from package.json and the date.
 */
const path = require('node:path');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const { version } = require('./package.json');

/** Provided by Grafana at runtime, never bundled (react/jsx-runtime is bundled: it only wraps react). */
const externals = ['react', 'react-dom', '@grafana/data', '@grafana/ui', '@grafana/runtime', 'rxjs', 'lodash', '@emotion/css', '@emotion/react'];

module.exports = (_env, argv) => ({
  mode: argv.mode ?? 'production',
  context: __dirname,
  entry: { module: './src/module.ts' },
  devtool: 'source-map',
  output: {
    path: path.resolve(__dirname, 'dist'),
    filename: '[name].js',
    library: { type: 'amd' },
    publicPath: '/public/plugins/flowmeter-insights-datasource/',
    // The backend executables (pkg/build.mjs) are built separately and kept.
    clean: { keep: /^gpx_/ },
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
          from: 'plugin.json',
          transform: (content) => content.toString()
            .replace('%VERSION%', version)
            .replace('%TODAY%', new Date().toISOString().slice(0, 10)),
        },
        { from: 'src/img', to: 'img' },
        { from: 'README.md' },
        { from: 'CHANGELOG.md' },
      ],
    }),
  ],
  performance: { hints: false },
});
