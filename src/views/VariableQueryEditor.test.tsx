/** The variable editor: a lookup, then exactly the filters that lookup takes. */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { VariableQueryEditor } from './VariableQueryEditor';
import { renderEditor } from '../test/renderEditor';
import type { VariableQuery } from '../types/variable';

test('starts on projects (no filters); jobs shows its two filters; switching drops filters the new lookup lacks', async () => {
  const { last } = renderEditor(VariableQueryEditor as never, { refId: 'variable' } as VariableQuery);
  expect(screen.getByLabelText('Values of')).toHaveValue('projects');
  expect(screen.queryByLabelText(/^Filter:/)).not.toBeInTheDocument();

  await userEvent.click(screen.getByLabelText('Values of'));
  await userEvent.click(await screen.findByRole('option', { name: 'jobs' }));
  expect(screen.getByLabelText('Filter: project_slug')).toBeInTheDocument();
  await userEvent.type(screen.getByLabelText('Filter: project_slug'), '$slug{Enter}');
  await userEvent.type(screen.getByLabelText('Filter: workflow'), 'build-test');
  await userEvent.tab();
  expect(last()).toEqual({ refId: 'variable', lookup: 'jobs', filters: { project_slug: '$slug', workflow: 'build-test' } });

  await userEvent.click(screen.getByLabelText('Values of'));
  await userEvent.click(await screen.findByRole('option', { name: 'workflows' }));
  expect(last()).toEqual({ refId: 'variable', lookup: 'workflows', filters: { project_slug: '$slug' } });
  expect(screen.queryByLabelText('Filter: workflow')).not.toBeInTheDocument();
});
