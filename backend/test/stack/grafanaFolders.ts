/**
 * How Grafana resolves the folders named in provisioning files, as its sources do it (Grafana
 * 11.3 - 12.x, pkg/services/provisioning): pure logic, so a test can tell which folders the
 * stack's files make without running Grafana.
 * - Alerting runs before dashboards (provisioning.go: ProvisionAlerting, then dashboards).
 * - An alert rule group's `folder` is a title: looked up at the root by title, else created with
 *   a generated uid (alerting/rules_provisioner.go, getOrCreateFolderByTitle).
 * - A dashboard provider with a `folderUid` looks the folder up by that uid, else by its `folder`
 *   title; when not found it creates one titled `folder` with that uid (or a generated one)
 *   (dashboards/file_reader.go, getOrCreateFolder). Titles need not be unique.
 */
export interface Folder {
  uid: string;
  title: string;
}

export interface AlertingFile {
  groups?: Array<{ folder: string }>;
}

export interface DashboardProviders {
  providers: Array<{ folder?: string; folderUid?: string }>;
}

/** The folders that exist after provisioning, and where each group / provider ended up. */
export function provisionFolders(alerting: AlertingFile[], dashboards: DashboardProviders[]) {
  const folders: Folder[] = [];
  let generated = 0;
  const create = (title: string, uid = `generated-${++generated}`) => {
    const folder = { uid, title };
    folders.push(folder);
    return folder;
  };
  const byTitle = (title: string) => folders.find((f) => f.title === title);

  const groupFolders = alerting.flatMap((file) => (file.groups ?? []).map((g) => (byTitle(g.folder) ?? create(g.folder)).uid));
  const providerFolders = dashboards.flatMap((file) => file.providers.map((p) => {
    if (!p.folder) return undefined; // the General folder
    const found = p.folderUid ? folders.find((f) => f.uid === p.folderUid) : byTitle(p.folder);
    return (found ?? create(p.folder, p.folderUid || undefined)).uid;
  }));
  return { folders, groupFolders, providerFolders };
}
