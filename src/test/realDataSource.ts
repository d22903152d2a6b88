/**
 * The plugin's DataSource wired as Grafana wires it, over the real test service: its requests go
 * to the stand-in of Grafana's server, which runs them through the real plugin executable; the
 * template service holds fixed variables.
 */
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { DataSource } from '../data/DataSource';
import type { FlowmeterOptions } from '../types/config';
import type { StoredDataSource } from '../../pkg/test/grafanaApi';
import { variablesTemplateSrv } from './grafanaAdapters';
import { grafanaBackendSrv, type SentRequest } from './grafanaBackendSrv';
import { READ_TOKEN, testServices } from './flowmeterService';
import { instanceSettings } from './instanceSettings';

export interface RealDataSourceOptions {
  /** Dashboard variables: name -> value, or values when multi. */
  variables?: Record<string, string | string[]>;
  /** The service URL the data source is configured with; the test service by default ('': none). */
  serviceUrl?: string;
  /** Saved before 0.2: the URL in jsonData.url and the standard `url` empty. */
  legacyUrl?: boolean;
  /** The data source's read token; the test service's by default (`null`: none set). */
  readToken?: string | null;
  /** The data source's other settings. */
  jsonData?: FlowmeterOptions;
  /** Collects what the plugin sent. */
  sent?: SentRequest[];
  /** A Grafana whose plugin backend is not running (Grafana answers plugin.unavailable). */
  withoutBackend?: boolean;
}

let stored = 0;

export function realDataSource({ variables = {}, serviceUrl = testServices().url, legacyUrl = false, readToken = READ_TOKEN, jsonData = {}, sent, withoutBackend = false }: RealDataSourceOptions = {}): DataSource {
  // Each data source its own uid: the tests' stand-in of Grafana keeps them all.
  const uid = `flowmeter-test-${process.pid}-${++stored}`;
  const ds: StoredDataSource & { jsonData: FlowmeterOptions } = {
    uid,
    url: legacyUrl ? '' : serviceUrl,
    jsonData: legacyUrl ? { ...jsonData, url: serviceUrl } : jsonData,
    secureJsonData: readToken === null ? {} : { readToken },
  };
  const grafana = withoutBackend ? testServices().grafanaWithoutBackend : testServices().grafana;
  setBackendSrv(grafanaBackendSrv(grafana, ds, sent));
  setTemplateSrv(variablesTemplateSrv(variables));
  return new DataSource(instanceSettings(uid, ds.jsonData));
}
