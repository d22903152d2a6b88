/**
 * jsdom, plus Node's fetch: the plugin's tests render with @grafana/ui (it needs a DOM) and talk
 * to the real service over HTTP through the proxy adapter (src/test/grafanaAdapters.ts).
 */
const { TestEnvironment } = require('jest-environment-jsdom');

class JsdomWithFetch extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    const { fetch, Request, Response, Headers, FormData, TextEncoder, TextDecoder, structuredClone } = globalThis;
    Object.assign(this.global, { fetch, Request, Response, Headers, FormData, TextEncoder, TextDecoder, structuredClone });
  }
}

module.exports = JsdomWithFetch;
