/** Huawei's error body, with the codes the documents name. */
import type { ErrorKind, ErrorRenderer } from '../../http/errors';

const CODES: Partial<Record<ErrorKind, string>> = {
  bad_request: 'APIG.2012', unauthorized: 'APIG.1002', forbidden: 'APIG.1005', not_found: 'APIG.3002',
};

export const renderHuaweiError: ErrorRenderer = (e) => ({ error_code: e.code ?? CODES[e.kind] ?? 'APIG.9999', error_msg: e.message });

/** Codes for invalid parameters, as the documents name them. */
export const INVALID_PARAMETER = 'APIG.2012';
export const DATAARTS_BAD_QUERY_DAYS = 'DLF.21113';
