/**
 * The plugin's DataSource wired as Grafana wires it, over the real test service: Grafana's
 * backend service replaced by the proxy adapter, its template service by fixed variables.
 */
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { DataSource } from '../data/DataSource';
import type { FlowmeterOptions } from '../types/config';
import { proxyBackendSrv, variablesTemplateSrv, type SentRequest } from './grafanaAdapters';
import type { StoredDataSource } from './grafanaProxy';
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
}

export function realDataSource({ variables = {}, serviceUrl = testServices().url, legacyUrl = false, readToken = READ_TOKEN, jsonData = {}, sent }: RealDataSourceOptions = {}): DataSource {
  const stored: StoredDataSource & { jsonData: FlowmeterOptions } = {
    url: legacyUrl ? '' : serviceUrl,
    jsonData: legacyUrl ? { ...jsonData, url: serviceUrl } : jsonData,
    secureJsonData: readToken === null ? {} : { readToken },
  };
  setBackendSrv(proxyBackendSrv(stored, sent));
  setTemplateSrv(variablesTemplateSrv(variables));
  return new DataSource(instanceSettings(stored.jsonData));
}
