/**
 * The one Grafana folder of the stack, holding the dashboards and the alert rules.
 *
 * Both provisioners find it by title and create it when missing: alerting (which Grafana runs
 * first) by title only, with a generated uid (provisioning/alerting/rules_provisioner.go,
 * getOrCreateFolderByTitle); the dashboard file provider by its `folderUid` when one is given,
 * else by its `folder` title (provisioning/dashboards/file_reader.go, getOrCreateFolder). A
 * `folderUid` on the dashboard provider would therefore not find the folder alerting created and
 * make a second "Flowmeter" (Grafana allows duplicate titles since 11.3): the provider names the
 * folder by title only.
 */
export const FOLDER = 'Flowmeter';
