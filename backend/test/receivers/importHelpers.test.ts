/** The imports' pure parts: how long a vendor asks to wait, and REST values in the webhooks' form. */
import { waitSeconds } from '../../src/import/politeFetch';
import { webhookTime } from '../../src/import/gitlab';
import { webhookSlug } from '../../src/import/circleci';

describe('waitSeconds', () => {
  const now = Date.parse('2026-12-02T10:00:00Z');
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(waitSeconds(new Headers({ 'retry-after': '7' }), now)).toBe(7);
    expect(waitSeconds(new Headers({ 'retry-after': 'Wed, 02 Dec 2026 10:00:30 GMT' }), now)).toBe(30);
  });
  it('waits for RateLimit-Reset only when RateLimit-Remaining is 0', () => {
    const reset = String(now / 1000 + 42);
    expect(waitSeconds(new Headers({ 'ratelimit-remaining': '0', 'ratelimit-reset': reset }), now)).toBe(42);
    expect(waitSeconds(new Headers({ 'ratelimit-remaining': '12', 'ratelimit-reset': reset }), now)).toBeUndefined();
    expect(waitSeconds(new Headers({ 'retry-after': '3', 'ratelimit-remaining': '0', 'ratelimit-reset': reset }), now)).toBe(3);
  });
  it('never a negative wait, nothing for garbage', () => {
    expect(waitSeconds(new Headers({ 'retry-after': 'Wed, 02 Dec 2026 09:00:00 GMT' }), now)).toBe(0);
    expect(waitSeconds(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
  });
});

describe('REST values in the webhooks\' form', () => {
  it('GitLab times lose their milliseconds, offsets become UTC', () => {
    expect(webhookTime('2022-09-21T01:05:50.175Z')).toBe('2022-09-21 01:05:50 UTC');
    expect(webhookTime('2015-12-24T16:51:14.000+01:00')).toBe('2015-12-24 15:51:14 UTC');
    expect(webhookTime(null)).toBeNull();
  });
  it('CircleCI slugs as the webhooks write them', () => {
    expect(webhookSlug('gh/circleci/webhook-service')).toBe('github/circleci/webhook-service');
    expect(webhookSlug('bb/org/repo')).toBe('bitbucket/org/repo');
    expect(webhookSlug('circleci/DdaVtNusHqi24D4YT3X4eu/6EkDPZoN4ZdMKKZtBkRodt')).toBe('circleci/DdaVtNusHqi24D4YT3X4eu/6EkDPZoN4ZdMKKZtBkRodt');
  });
});
