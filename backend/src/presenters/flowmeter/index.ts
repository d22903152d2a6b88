// Placeholder until health/openapi/lookups land.
import type { ApiFamily } from '../../http/family';
import { renderFlowmeterError } from '../../http/errors';
export const flowmeterFamily: ApiFamily = { name: 'flowmeter', prefixes: [], renderError: renderFlowmeterError, routes() {} };
