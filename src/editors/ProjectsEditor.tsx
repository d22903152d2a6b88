import { EditorRow } from '@grafana/plugin-ui';
import { RadioButtonGroup } from '@grafana/ui';
import { DeliveryFormats } from '../../contract/query';
import { LookupMultiCombobox } from '../components/LookupMultiCombobox';
import { OptionField } from '../components/OptionField';
import { optionsOf } from '../types/query';
import type { KindEditorProps, KindQuery } from './types';

type ProjectsKind = 'build' | 'deploy' | 'test' | 'release';
const formatOptions = DeliveryFormats.map((value) => ({ value, label: value === 'daily' ? 'Daily series' : 'Events' }));

/**
 * Daily build, deploy, test and release statistics: which projects (none = all); deploys and
 * releases may also be listed one by one (`Events`, for tables and annotations).
 */
export function ProjectsEditor({ query, onChange, datasource, issues, fixedOptions = [] }: KindEditorProps<ProjectsKind>) {
  const takesFormat = optionsOf(query.kind).includes('format') && !fixedOptions.includes('format');
  const format = (query as KindQuery<'deploy'>).format ?? 'daily';
  return (
    <EditorRow>
      <OptionField label="Projects" name="projects" issues={issues} tooltip="Leave empty for all projects; $variables allowed">
        <LookupMultiCombobox
          id="flowmeter-projects"
          datasource={datasource}
          lookup="projects"
          value={query.projects ?? []}
          onChange={(projects) => onChange({ ...query, projects })}
        />
      </OptionField>
      {takesFormat && (
        <OptionField label="Format" name="format" issues={issues}>
          <RadioButtonGroup id="flowmeter-format" options={formatOptions} value={format} onChange={(value) => onChange({ ...query, format: value } as KindQuery<ProjectsKind>)} />
        </OptionField>
      )}
    </EditorRow>
  );
}
