/** Settings: URL validation, the read token as a secret (configured / reset), the default zone. */
import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DataSourceSettings } from '@grafana/data';
import { ConfigEditor, urlProblem } from './ConfigEditor';
import type { FlowmeterOptions, FlowmeterSecureOptions } from '../types/config';

type Settings = DataSourceSettings<FlowmeterOptions, FlowmeterSecureOptions>;

function renderConfig(jsonData: FlowmeterOptions, secureJsonFields: Record<string, boolean> = {}) {
  const changes: Settings[] = [];
  const initial = { id: 1, uid: 'u', name: 'Flowmeter', type: 'flowmeter-insights-datasource', jsonData, secureJsonFields, secureJsonData: {} } as unknown as Settings;
  function Stateful() {
    const [options, setOptions] = useState(initial);
    return <ConfigEditor options={options} onOptionsChange={(next) => { changes.push(next); setOptions(next); }} />;
  }
  render(<Stateful />);
  return { last: () => changes[changes.length - 1] };
}

test('urlProblem: required, http(s) only', () => {
  expect(urlProblem(undefined)).toMatch(/^Required/);
  expect(urlProblem('flowmeter:3001')).toBe('Use an http:// or https:// URL');
  expect(urlProblem('not a url')).toMatch(/^Not a URL/);
  expect(urlProblem('https://flowmeter.example.com')).toBeUndefined();
});

test('the URL is saved in jsonData and validated as typed', async () => {
  const { last } = renderConfig({});
  expect(screen.getByText(/^Required: the Flowmeter service/)).toBeInTheDocument();
  await userEvent.type(screen.getByLabelText(/^URL/), 'http://flowmeter:3001');
  expect(last().jsonData.url).toBe('http://flowmeter:3001');
  expect(screen.queryByText(/^Required/)).not.toBeInTheDocument();
});

test('the read token goes to secureJsonData; a configured one can only be reset', async () => {
  const { last } = renderConfig({ url: 'http://flowmeter:3001' }, { readToken: true });
  const token = screen.getByLabelText(/^Read token/);
  expect(token).toBeDisabled();
  expect(token).toHaveValue('configured');
  await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
  expect(last().secureJsonFields.readToken).toBe(false);
  await userEvent.type(screen.getByLabelText(/^Read token/), 's3cret');
  expect(last().secureJsonData).toEqual({ readToken: 's3cret' });
  expect(last().jsonData).toEqual({ url: 'http://flowmeter:3001' });
});

test('the default time zone: any IANA zone, or the browser\'s', async () => {
  const { last } = renderConfig({ url: 'http://flowmeter:3001' });
  await userEvent.type(screen.getByLabelText(/^Default time zone/), 'Europe/Ber');
  await userEvent.click(await screen.findByRole('option', { name: 'Europe/Berlin' }));
  expect(last().jsonData.defaultTimeZone).toBe('Europe/Berlin');
});
