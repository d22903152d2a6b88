import { browserTimeZone, resolveTimeZone } from './timeZone';

test('browser -> the browser\'s zone; utc -> UTC; a named zone as is; none -> the configured default, else the browser\'s', () => {
  expect(resolveTimeZone('browser', 'Asia/Tokyo')).toBe(browserTimeZone());
  expect(resolveTimeZone('utc', 'Asia/Tokyo')).toBe('UTC');
  expect(resolveTimeZone('Europe/Paris', 'Asia/Tokyo')).toBe('Europe/Paris');
  expect(resolveTimeZone('', 'Asia/Tokyo')).toBe('Asia/Tokyo');
  expect(resolveTimeZone(undefined, undefined)).toBe(browserTimeZone());
});
