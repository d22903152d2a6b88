/**
 * A tiny AMD loader, as Grafana's plugin loader behaves for a plugin's module.js: the shared
 * libraries are provided by name, `define(deps, factory)` gets them, the factory's result is the
 * plugin module.
 */
type Factory = (...deps: unknown[]) => unknown;
type Define = ((deps: string[], factory: Factory) => void) & { amd: object };

const provided = new Map<string, unknown>();

export function provide(name: string, module: unknown): void {
  provided.set(name, module);
}

/** Loads an AMD module by URL and resolves with its exports (one module at a time). */
export function loadAmdModule<T>(url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const define = ((deps: string[], factory: Factory) => {
      // "module" is the loading module's own meta: create-plugin's public path reads its uri.
      const meta = { uri: new URL(url, window.location.href).href };
      const missing = deps.filter((d) => d !== 'module' && !provided.has(d));
      if (missing.length) return reject(new Error(`${url} needs modules the host does not provide: ${missing.join(', ')}`));
      try {
        resolve(factory(...deps.map((d) => (d === 'module' ? meta : provided.get(d)))) as T);
      } catch (err) {
        reject(err);
      }
    }) as Define;
    define.amd = {};
    (window as unknown as { define: Define }).define = define;
    const script = document.createElement('script');
    script.src = url;
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.appendChild(script);
  });
}
