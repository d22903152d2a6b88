import { EditorRow } from '@grafana/plugin-ui';
import { LookupCombobox } from '../components/LookupCombobox';
import { OptionField } from '../components/OptionField';
import { TextOption } from '../components/TextOption';
import { optionsOf } from '../types/query';
import type { KindEditorProps, KindQuery } from './types';

type CiKind = 'workflows' | 'workflow_runs' | 'jobs' | 'job_runs';

/**
 * CircleCI insights: a project slug and branch, then a workflow and a job where the kind needs
 * them (read from the query schema, so the editor and the contract cannot disagree).
 */
export function CiEditor({ query, onChange, datasource, issues }: KindEditorProps<CiKind>) {
  const takes = new Set(optionsOf(query.kind));
  const q = query as KindQuery<'job_runs'>; // the widest CI kind: every field below may be read
  const set = (patch: Partial<KindQuery<'job_runs'>>) => onChange({ ...query, ...patch } as KindQuery<CiKind>);
  return (
    <EditorRow>
      <OptionField label="Project slug" name="projectSlug" issues={issues} tooltip="e.g. gh/acme/api">
        <LookupCombobox id="flowmeter-projectSlug" datasource={datasource} lookup="project_slugs" value={q.projectSlug} placeholder="choose" invalid={issues.some((i) => i.path === 'projectSlug')} onChange={(projectSlug) => set({ projectSlug: projectSlug ?? '' })} />
      </OptionField>
      {takes.has('workflow') && (
        <OptionField label="Workflow" name="workflow" issues={issues}>
          <LookupCombobox id="flowmeter-workflow" datasource={datasource} lookup="workflows" filters={{ project_slug: q.projectSlug }} value={q.workflow} placeholder="choose" invalid={issues.some((i) => i.path === 'workflow')} onChange={(workflow) => set({ workflow: workflow ?? '' })} />
        </OptionField>
      )}
      {takes.has('job') && (
        <OptionField label="Job" name="job" issues={issues}>
          <LookupCombobox id="flowmeter-job" datasource={datasource} lookup="jobs" filters={{ project_slug: q.projectSlug, workflow: q.workflow }} value={q.job} placeholder="choose" invalid={issues.some((i) => i.path === 'job')} onChange={(job) => set({ job: job ?? '' })} />
        </OptionField>
      )}
      <OptionField label="Branch" name="branch" issues={issues} tooltip="Empty: runs of every branch">
        <TextOption id="flowmeter-branch" value={q.branch} placeholder="all branches" onChange={(branch) => set({ branch })} />
      </OptionField>
    </EditorRow>
  );
}
