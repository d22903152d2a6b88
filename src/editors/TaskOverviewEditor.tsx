import { EditorRow } from '@grafana/plugin-ui';
import { InlineSwitch } from '@grafana/ui';
import { OptionField } from '../components/OptionField';
import { TextOption } from '../components/TextOption';
import type { KindEditorProps } from './types';

/** DataArts task instances: a project, optionally a workspace, optionally only the caller's own. */
export function TaskOverviewEditor({ query, onChange, issues }: KindEditorProps<'task_overview'>) {
  return (
    <EditorRow>
      <OptionField label="Project ID" name="projectId" issues={issues}>
        <TextOption id="flowmeter-projectId" value={query.projectId} placeholder="required" invalid={issues.some((i) => i.path === 'projectId')} onChange={(projectId) => onChange({ ...query, projectId: projectId ?? '' })} />
      </OptionField>
      <OptionField label="Workspace" name="workspace" issues={issues}>
        <TextOption id="flowmeter-workspace" value={query.workspace} placeholder="any" onChange={(workspace) => onChange({ ...query, workspace })} />
      </OptionField>
      <OptionField label="Only mine" name="isOwn" issues={issues} tooltip="Instances owned by the read token's user">
        <InlineSwitch id="flowmeter-isOwn" value={query.isOwn ?? false} onChange={(e) => onChange({ ...query, isOwn: e.currentTarget.checked })} />
      </OptionField>
    </EditorRow>
  );
}
