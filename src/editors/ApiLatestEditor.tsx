import { EditorRow } from '@grafana/plugin-ui';
import { LookupCombobox } from '../components/LookupCombobox';
import { OptionField } from '../components/OptionField';
import type { KindEditorProps } from './types';

/** APIG latest calls: one API, bucketed by the dashboard's range. */
export function ApiLatestEditor({ query, onChange, datasource, issues }: KindEditorProps<'api_latest'>) {
  return (
    <EditorRow>
      <OptionField label="API" name="apiId" issues={issues}>
        <LookupCombobox id="flowmeter-apiId" datasource={datasource} lookup="apis" value={query.apiId} placeholder="choose" invalid={issues.some((i) => i.path === 'apiId')} onChange={(apiId) => onChange({ ...query, apiId: apiId ?? '' })} />
      </OptionField>
    </EditorRow>
  );
}
