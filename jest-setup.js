// Jest setup of the plugin project: Grafana scaffolding's (jest-dom, jsdom polyfills), then the
// plugin's own (src/test/setupTests.ts). The browser tests run in Node (no window), where the
// scaffolding's jsdom polyfills do not apply.
if (typeof window !== 'undefined') require('./.config/jest-setup');
require('./src/test/setupTests');
