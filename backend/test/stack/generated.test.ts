/** The committed provisioning files are what stack/ generates (run `npm run stack:generate` after editing stack/). */
import { stackFiles } from '../../../stack/files';
import { list, read } from './files';

describe('generated provisioning files', () => {
  const files = stackFiles();

  it.each(Object.keys(files))('%s is up to date', (path) => {
    expect(read(path)).toBe(files[path]);
  });

  it('has no stale dashboard left behind', () => {
    expect(list('provisioning/dashboards/json', '.json')).toEqual(Object.keys(files).filter((p) => p.endsWith('.json')).sort());
  });
});
