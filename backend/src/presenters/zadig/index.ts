// Placeholder until the Zadig family lands.
import type { ApiFamily } from '../../http/family';
export const zadigFamily: ApiFamily = { name: 'zadig', prefixes: ['/openapi/statistics'], renderError: (e) => ({ code: e.status, description: e.message, message: e.message }), routes() {} };
