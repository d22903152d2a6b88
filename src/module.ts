import { DataSourcePlugin } from '@grafana/data';
import { DataSource } from './data/DataSource';
import { ConfigEditor } from './views/ConfigEditor';
import { QueryEditor } from './views/QueryEditor';
import { QueryHelp } from './views/QueryHelp';
import type { FlowmeterOptions, FlowmeterSecureOptions } from './types/config';
import type { FlowmeterQuery } from './types/query';

export const plugin = new DataSourcePlugin<DataSource, FlowmeterQuery, FlowmeterOptions, FlowmeterSecureOptions>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor)
  .setQueryEditorHelp(QueryHelp);
