// Placeholder until the CircleCI family lands.
import type { ApiFamily } from '../../http/family';
export const circleciFamily: ApiFamily = { name: 'circleci', prefixes: ['/api/v2/insights'], tokenHeader: 'Circle-Token', renderError: (e) => ({ message: e.message }), routes() {} };
