import { EditorRow } from '@grafana/plugin-ui';
import { RadioButtonGroup } from '@grafana/ui';
import { DoraViews } from '../../contract/query';
import { LookupCombobox } from '../components/LookupCombobox';
import { LookupMultiCombobox } from '../components/LookupMultiCombobox';
import { OptionField } from '../components/OptionField';
import type { KindEditorProps } from './types';

const viewOptions = DoraViews.map((value) => ({ value, label: value === 'summary' ? 'Summary' : 'Daily series' }));

/** DORA metrics: the deploys of which projects (none = all) to which environment count. */
export function DoraEditor({ query, onChange, datasource, issues }: KindEditorProps<'dora'>) {
  return (
    <EditorRow>
      <OptionField label="Projects" name="projects" issues={issues} tooltip="Leave empty for all projects; $variables allowed">
        <LookupMultiCombobox id="flowmeter-projects" datasource={datasource} lookup="projects" value={query.projects ?? []} onChange={(projects) => onChange({ ...query, projects })} />
      </OptionField>
      <OptionField label="Environment" name="env" issues={issues} tooltip="The deploys' environment that counts as production">
        <LookupCombobox id="flowmeter-env" datasource={datasource} lookup="environments" value={query.env ?? 'prod'} onChange={(env) => onChange({ ...query, env: env ?? 'prod' })} />
      </OptionField>
      <OptionField label="View" name="view" issues={issues}>
        <RadioButtonGroup id="flowmeter-view" options={viewOptions} value={query.view ?? 'summary'} onChange={(view) => onChange({ ...query, view })} />
      </OptionField>
    </EditorRow>
  );
}
