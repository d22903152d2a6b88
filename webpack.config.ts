/**
 * The plugin's build: create-plugin's webpack config (.config/webpack/webpack.config.ts, not
 * edited, so `npx @grafana/create-plugin update` can replace it), extended here as its README
 * says. The change that matters: the plugin's TSX uses React's automatic JSX runtime (no `import React`), so
 * swc-loader compiles JSX to `react/jsx-runtime` calls, which the base config keeps external
 * (Grafana provides it, React 18 or 19 alike).
 */
import type { Configuration, RuleSetRule } from 'webpack';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config';

function withAutomaticJsx(rule: RuleSetRule): RuleSetRule {
  const use = rule.use as { loader?: string; options?: { jsc?: Record<string, unknown> } } | undefined;
  if (use?.loader !== 'swc-loader') return rule;
  return { ...rule, use: { ...use, options: { ...use.options, jsc: { ...use.options?.jsc, transform: { react: { runtime: 'automatic' } } } } } };
}

const config = async (env: Env): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env);
  const rules = (baseConfig.module?.rules ?? []) as RuleSetRule[];
  return {
    ...baseConfig,
    module: { ...baseConfig.module, rules: rules.map(withAutomaticJsx) },
    // The backend executables (pkg/build.mjs, gpx_*) are built separately into dist/ and kept.
    output: { ...baseConfig.output, clean: { keep: /^gpx_/ } },
    // The catalogue's screenshots are assets Grafana never loads with the plugin: no size warnings.
    performance: { hints: false },
  };
};

export default config;
