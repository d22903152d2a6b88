/** Provisioning makes one "Flowmeter" folder holding both the alert rules and the dashboards. */
import { readYaml } from './files';
import { provisionFolders, type AlertingFile, type DashboardProviders } from './grafanaFolders';

const alerting = readYaml<AlertingFile>('provisioning/alerting/flowmeter.yaml');
const dashboards = readYaml<DashboardProviders>('provisioning/dashboards/flowmeter.yaml');

test('the alert rule group and the dashboard provider name the same folder, by title only', () => {
  expect(alerting.groups!.map((g) => g.folder)).toEqual(['Flowmeter']);
  expect(dashboards.providers).toEqual([expect.objectContaining({ folder: 'Flowmeter' })]);
  expect(dashboards.providers[0]).not.toHaveProperty('folderUid');
});

test('Grafana ends up with one Flowmeter folder holding rules and dashboards', () => {
  const { folders, groupFolders, providerFolders } = provisionFolders([alerting], [dashboards]);
  expect(folders.map((f) => f.title)).toEqual(['Flowmeter']);
  expect(new Set([...groupFolders, ...providerFolders])).toEqual(new Set([folders[0].uid]));
});

test('the model reproduces the duplicate a folderUid on the provider made (the previous files)', () => {
  const withUid = { providers: [{ ...dashboards.providers[0], folderUid: 'flowmeter' }] };
  const { folders } = provisionFolders([alerting], [withUid]);
  expect(folders).toEqual([{ uid: 'generated-1', title: 'Flowmeter' }, { uid: 'flowmeter', title: 'Flowmeter' }]);
});
