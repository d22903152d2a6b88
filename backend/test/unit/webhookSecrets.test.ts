/** The receivers' secrets: from the variable or from a file (Docker secrets), never in an error. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { sameSecret, signedBy, hmacHex } from '../../src/receivers/verify';

describe('webhook secrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowmeter-secrets-'));

  it('are read from NAME or NAME_FILE (trailing newline removed); unset means off', () => {
    writeFileSync(join(dir, 'gitlab'), 'gl-token-from-file\n');
    const config = loadConfig({ FLOWMETER_GITHUB_WEBHOOK_SECRET: 'gh secret', FLOWMETER_GITLAB_WEBHOOK_TOKEN_FILE: join(dir, 'gitlab') });
    expect(config.webhooks).toEqual({ github: 'gh secret', gitlab: 'gl-token-from-file', circleci: undefined });
  });

  it('refuse both forms at once, an unreadable or empty file, without showing the secret', () => {
    expect(() => loadConfig({ FLOWMETER_CIRCLECI_WEBHOOK_SECRET: 'hush', FLOWMETER_CIRCLECI_WEBHOOK_SECRET_FILE: '/x' }))
      .toThrow('set FLOWMETER_CIRCLECI_WEBHOOK_SECRET or FLOWMETER_CIRCLECI_WEBHOOK_SECRET_FILE, not both');
    expect(() => loadConfig({ FLOWMETER_GITHUB_WEBHOOK_SECRET_FILE: join(dir, 'missing') })).toThrow(/cannot read .*missing \(ENOENT\)/);
    writeFileSync(join(dir, 'empty'), '\n');
    expect(() => loadConfig({ FLOWMETER_GITHUB_WEBHOOK_SECRET_FILE: join(dir, 'empty') })).toThrow(/is empty/);
  });

  it('are compared whole: a prefix, a longer value or another case does not match', () => {
    expect(sameSecret('s3cret', 's3cret')).toBe(true);
    for (const other of ['s3cre', 's3cret!', 'S3CRET', '', undefined]) expect(sameSecret(other, 's3cret')).toBe(false);
    const body = Buffer.from('{"a":1}');
    // GitHub's documented example: secret "It's a Secret to Everybody", payload "Hello, World!" (docs.github.com, "Validating webhook deliveries").
    expect(hmacHex('It\'s a Secret to Everybody', Buffer.from('Hello, World!'))).toBe('757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
    expect(signedBy('k', body, hmacHex('k', body).toUpperCase())).toBe(true);
    expect(signedBy('k', body, hmacHex('k', Buffer.from('{"a":2}')))).toBe(false);
  });
});
