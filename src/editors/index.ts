/** One small editor per query kind; the QueryEditor picks by `kind`. */
import type { ComponentType } from 'react';
import type { QueryKind } from '../types/query';
import { AlertEditor } from './AlertEditor';
import { ApiLatestEditor } from './ApiLatestEditor';
import { ApiMetricsEditor } from './ApiMetricsEditor';
import { CiEditor } from './CiEditor';
import { DoraEditor } from './DoraEditor';
import { OverviewEditor } from './OverviewEditor';
import { ProjectsEditor } from './ProjectsEditor';
import { RollbackEditor } from './RollbackEditor';
import { TaskOverviewEditor } from './TaskOverviewEditor';
import type { KindEditorProps } from './types';

export const kindEditors: { [K in QueryKind]: ComponentType<KindEditorProps<K>> } = {
  overview: OverviewEditor,
  build: ProjectsEditor,
  deploy: ProjectsEditor,
  test: ProjectsEditor,
  release: ProjectsEditor,
  rollback: RollbackEditor,
  workflows: CiEditor,
  workflow_runs: CiEditor,
  jobs: CiEditor,
  job_runs: CiEditor,
  api_metrics: ApiMetricsEditor,
  api_latest: ApiLatestEditor,
  task_overview: TaskOverviewEditor,
  dora: DoraEditor,
  alert: AlertEditor,
};
