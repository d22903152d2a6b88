/** Settings saved before 0.2 move to the standard URL field. */
import { migrateSettings } from './config';

test('jsonData.url moves to url; the rest of jsonData stays', () => {
  expect(migrateSettings({ url: '', jsonData: { url: 'http://flowmeter:3001', defaultTimeZone: 'UTC' } }))
    .toEqual({ url: 'http://flowmeter:3001', jsonData: { defaultTimeZone: 'UTC' } });
});

test('a standard url already set wins; the legacy one is dropped', () => {
  expect(migrateSettings({ url: 'https://new:3001', jsonData: { url: 'http://old:3001' } })).toEqual({ url: 'https://new:3001', jsonData: {} });
});

test('nothing to migrate: the same object back (no change reported)', () => {
  const settings = { url: 'http://flowmeter:3001', jsonData: { defaultTimeZone: 'UTC' } };
  expect(migrateSettings(settings)).toBe(settings);
});
