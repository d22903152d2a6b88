/** The query editor: kind switching, validation messages, and lookups (from the real service) as options. */
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryEditor } from './QueryEditor';
import { renderEditor } from '../test/renderEditor';
import type { FlowmeterQuery } from '../types/query';

// Several comboboxes opened per test, each rendering @grafana/ui in jsdom: seconds each on a busy machine.
jest.setTimeout(30_000);

const editor = (query: Partial<FlowmeterQuery>) => renderEditor(QueryEditor as never, { refId: 'A', ...query } as FlowmeterQuery);
const optionTexts = async () => (await screen.findAllByRole('option')).map((o) => o.textContent);

test('a new query is a build query over all projects; the projects input offers variables, then the service\'s projects', async () => {
  editor({});
  expect(screen.getByLabelText('Kind')).toHaveValue('Builds');
  await userEvent.click(screen.getByLabelText('Projects'));
  await waitFor(async () => expect(await optionTexts()).toEqual(expect.arrayContaining(['$project', '$slug', 'checkout', 'payments', 'search'])), { timeout: 10_000 });
});

test('switching kind keeps what the new kind takes, and runs the query only once it is valid', async () => {
  const { last, runs } = editor({ kind: 'build', projects: ['payments'] });
  await userEvent.click(screen.getByLabelText('Kind'));
  await userEvent.click(await screen.findByRole('option', { name: /Deploys/ }));
  expect(last()).toEqual({ refId: 'A', kind: 'deploy', projects: ['payments'], format: 'daily' });
  expect(runs.count).toBe(1);

  await userEvent.click(screen.getByLabelText('Kind'));
  await userEvent.click(await screen.findByRole('option', { name: /CI workflow runs/ }));
  expect(last()).toEqual({ refId: 'A', kind: 'workflow_runs', projectSlug: '', workflow: '' });
  expect(runs.count).toBe(1);
  expect(screen.getByText('Project slug is required')).toBeInTheDocument();
  expect(screen.getByText('Workflow is required')).toBeInTheDocument();
});

test('CI: the project slug and workflow come from lookups, the workflows narrowed by the chosen slug', async () => {
  const { last, runs } = editor({ kind: 'workflow_runs', projectSlug: '', workflow: '' });
  await userEvent.click(screen.getByLabelText('Project slug'));
  await userEvent.click(await screen.findByRole('option', { name: 'gh/acme/api' }));
  expect(last()).toMatchObject({ projectSlug: 'gh/acme/api', workflow: '' });
  expect(screen.queryByText('Project slug is required')).not.toBeInTheDocument();

  await userEvent.click(screen.getByLabelText('Workflow'));
  await waitFor(async () => expect(await optionTexts()).toEqual(['$project', '$slug', 'build-test', 'nightly']), { timeout: 10_000 });
  await userEvent.click(screen.getByRole('option', { name: 'nightly' }));
  expect(last()).toEqual({ refId: 'A', kind: 'workflow_runs', projectSlug: 'gh/acme/api', workflow: 'nightly' });
  expect(runs.count).toBe(1);
  expect(screen.queryByText('Workflow is required')).not.toBeInTheDocument();
});

test('free-text options are committed on blur, and an emptied required one shows its message', async () => {
  const { last } = editor({ kind: 'task_overview', projectId: 'p1' });
  const projectId = screen.getByLabelText('Project ID');
  await userEvent.clear(projectId);
  await userEvent.tab();
  expect(last()).toMatchObject({ kind: 'task_overview', projectId: '' });
  expect(screen.getByText('Project ID is required')).toBeInTheDocument();

  await userEvent.type(screen.getByLabelText('Workspace'), 'ws1{Enter}');
  expect(last()).toMatchObject({ workspace: 'ws1' });
});

test('deploys can be listed as events', async () => {
  const { last } = editor({ kind: 'deploy', projects: [] });
  await userEvent.click(screen.getByRole('radio', { name: 'Events' }));
  expect(last()).toMatchObject({ kind: 'deploy', format: 'events' });
});

test('DORA keeps the projects from a build query, starts on prod, and switches to a daily series', async () => {
  const { last } = editor({ kind: 'build', projects: ['payments'] });
  // The kind list is virtualised: type to bring the last kind into view.
  await userEvent.type(screen.getByLabelText('Kind'), 'DORA');
  await userEvent.click(await screen.findByRole('option', { name: /DORA/ }));
  expect(last()).toEqual({ refId: 'A', kind: 'dora', projects: ['payments'], env: 'prod', view: 'summary' });
  await userEvent.click(screen.getByRole('radio', { name: 'Daily series' }));
  expect(last()).toMatchObject({ kind: 'dora', view: 'daily' });
});

test('options are laid out in @grafana/plugin-ui editor rows, each option an editor field with its label', () => {
  const { container } = editor({ kind: 'job_runs', projectSlug: 'gh/acme/api', workflow: 'build-test', job: '' });
  expect(screen.getByLabelText('Kind')).toBeInTheDocument();
  for (const label of ['Project slug', 'Workflow', 'Job', 'Branch']) expect(screen.getByLabelText(label)).toBeInTheDocument();
  // EditorRows > EditorRow: the kind's row and the options' row.
  expect(container.querySelectorAll('label[for^="flowmeter-"]')).toHaveLength(5);
  expect(screen.getByText('Job is required')).toBeInTheDocument();
});
