/** Huawei's error body, with the codes the documents name. */
import type { ErrorKind, ErrorRenderer } from '../../http/errors';

const CODES: Partial<Record<ErrorKind, string>> = {
  bad_request: 'APIG.2012', unauthorized: 'APIG.1002', forbidden: 'APIG.1005', not_found: 'APIG.3002',
};

/**
 * DataArts Factory (DLF) answers in its own family of codes: its error table
 * (https://support.huaweicloud.com/intl/en-us/api-dataartsstudio/dataartsstudio_02_0313.html)
 * names DLF.6888, "the account permission is invalid", for a caller it will not serve, and no
 * separate code for a missing token, so both get it.
 */
const DATAARTS_CODES: Partial<Record<ErrorKind, string>> = { unauthorized: 'DLF.6888', forbidden: 'DLF.6888' };
const isDataArts = (path: string) => /^\/v2\/[^/]+\/factory\//.test(path);

export const renderHuaweiError: ErrorRenderer = (e, path) => ({
  error_code: e.code ?? (isDataArts(path) ? DATAARTS_CODES[e.kind] : undefined) ?? CODES[e.kind] ?? 'APIG.9999',
  error_msg: e.message,
});

/** Codes for invalid parameters, as the documents name them. */
export const INVALID_PARAMETER = 'APIG.2012';
export const DATAARTS_BAD_QUERY_DAYS = 'DLF.21113';
