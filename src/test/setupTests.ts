/** What jsdom lacks and @grafana/ui needs, plus jest-dom's matchers. */
import '@testing-library/jest-dom';
import { configure } from '@testing-library/dom';

if (typeof window !== 'undefined') {
  window.matchMedia ??= ((query: string) => ({
    matches: false, media: query, onchange: null,
    addListener: () => {}, removeListener: () => {}, addEventListener: () => {}, removeEventListener: () => {}, dispatchEvent: () => false,
  })) as typeof window.matchMedia;
  class NoopResizeObserver { observe() {} unobserve() {} disconnect() {} }
  (globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= NoopResizeObserver;
  (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver ??= class { observe() {} unobserve() {} disconnect() {} takeRecords() { return []; } };
  // jsdom has no canvas; @grafana/ui measures text with one (Combobox widths).
  HTMLCanvasElement.prototype.getContext = (() => ({ measureText: (text: string) => ({ width: text.length * 8 }), font: '' })) as unknown as typeof HTMLCanvasElement.prototype.getContext;
  // jsdom lays nothing out; Combobox's virtual list renders the options that fit its box.
  Element.prototype.getBoundingClientRect = () => ({ x: 0, y: 0, top: 0, left: 0, bottom: 400, right: 400, width: 400, height: 400, toJSON: () => ({}) });
  for (const name of ['offsetHeight', 'offsetWidth', 'clientHeight', 'clientWidth']) {
    Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get: () => 400 });
  }
  Element.prototype.scrollIntoView ??= function scrollIntoView() {};
}

// i18next (inside @grafana/ui) advertises itself on console.info once per test file.
const info = console.info;
console.info = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('i18next')) return;
  info(...args);
};

// The editor tests drive @grafana/ui's comboboxes against the real service: on a busy 2-core
// machine a step can take longer than jest's 5 s and Testing Library's 1 s defaults. These are
// waits, not speed assertions (speed is the benchmark's business).
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);
