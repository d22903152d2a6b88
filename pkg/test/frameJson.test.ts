/**
 * The test stand-in's Arrow -> data-frame JSON (what Grafana's HTTP API sends the browser)
 * against grafana-plugin-sdk-go's golden pair: one frame of every field type, as Arrow IPC and
 * as the JSON the SDK writes for it (fixtures/SOURCES.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { arrowToFrameJSON } from './frameJson';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));

test('the SDK\'s all-types frame: the JSON the SDK writes, field by field', () => {
  const golden = JSON.parse(fixture('all_types.golden.json').toString('utf8'));
  const converted = arrowToFrameJSON(fixture('all_types.golden.arrow'));
  expect(converted.schema).toEqual(golden.schema);
  converted.schema.fields.forEach((field, i) => {
    expect([field.name, converted.data.values[i]]).toEqual([field.name, golden.data.values[i]]);
  });
  expect(converted.data).toEqual(golden.data);
});
