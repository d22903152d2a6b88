import { interpolateList, interpolateOptions, interpolateString } from './interpolate';
import { variablesTemplateSrv } from '../test/grafanaAdapters';

const templateSrv = variablesTemplateSrv({ env: 'prod', projects: ['a', 'b, inc'], none: [] });

test('lists: a multi-value variable becomes one entry per value (commas inside values survive), repeats and empties drop', () => {
  expect(interpolateList(templateSrv, ['$projects', 'a', 'c', '$none'])).toEqual(['a', 'b, inc', 'c']);
});

test('strings: multi-values comma-joined; unknown variables left as typed', () => {
  expect(interpolateString(templateSrv, '${env}-$projects')).toBe('prod-a,b, inc');
  expect(interpolateString(templateSrv, '$unknown')).toBe('$unknown');
});

test('options: strings and string lists interpolated, skipped keys and other values untouched', () => {
  expect(interpolateOptions(templateSrv, { refId: '$env', env: '$env', projects: ['$projects'], isOwn: true, n: 3 }, {}, ['refId']))
    .toEqual({ refId: '$env', env: 'prod', projects: ['a', 'b, inc'], isOwn: true, n: 3 });
});
