/** provisioning/dashboards/flowmeter.yaml: the file provider loading the generated dashboards into FOLDER. */
import { FOLDER } from './folder';

/** Where docker-compose.yml mounts provisioning/dashboards/json inside Grafana's container. */
export const DASHBOARDS_PATH = '/etc/grafana/provisioning/dashboards/json';

export function dashboardProvisioning() {
  return {
    apiVersion: 1,
    providers: [{
      name: 'flowmeter',
      orgId: 1,
      // By title only, no folderUid: see folder.ts.
      folder: FOLDER,
      type: 'file',
      disableDeletion: true,
      allowUiUpdates: false,
      updateIntervalSeconds: 60,
      options: { path: DASHBOARDS_PATH, foldersFromFilesStructure: false },
    }],
  };
}
