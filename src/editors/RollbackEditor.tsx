import { EditorRow } from '@grafana/plugin-ui';
import { LookupCombobox } from '../components/LookupCombobox';
import { OptionField } from '../components/OptionField';
import type { KindEditorProps } from './types';

/** Rollbacks, one row each: optionally narrowed to a project, environment and service. */
export function RollbackEditor({ query, onChange, datasource, issues }: KindEditorProps<'rollback'>) {
  const byProject = { project: query.project };
  return (
    <EditorRow>
      <OptionField label="Project" name="project" issues={issues}>
        <LookupCombobox id="flowmeter-project" datasource={datasource} lookup="projects" value={query.project} onChange={(project) => onChange({ ...query, project })} />
      </OptionField>
      <OptionField label="Environment" name="env" issues={issues}>
        <LookupCombobox id="flowmeter-env" datasource={datasource} lookup="environments" filters={byProject} value={query.env} onChange={(env) => onChange({ ...query, env })} />
      </OptionField>
      <OptionField label="Service" name="service" issues={issues}>
        <LookupCombobox id="flowmeter-service" datasource={datasource} lookup="services" filters={byProject} value={query.service} onChange={(service) => onChange({ ...query, service })} />
      </OptionField>
    </EditorRow>
  );
}
