// Placeholder until the Huawei family lands.
import type { ApiFamily } from '../../http/family';
export const huaweiFamily: ApiFamily = { name: 'huawei', prefixes: ['/v2', '/v1.0/apigw'], tokenHeader: 'X-Auth-Token', renderError: (e) => ({ error_code: e.code ?? 'APIG.9999', error_msg: e.message }), routes() {} };
