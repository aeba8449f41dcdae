import { describe, expect, it } from 'vitest';
import { CmaApiError, JobTimeoutError, NetworkError } from '../src/core/cma/errors.ts';

describe('error messages', () => {
  it('say what went wrong and what to do, in one line', () => {
    const messages = [
      new CmaApiError('DELETE /uploads/batch-destroy', 401, 'INVALID_AUTHORIZATION_HEADER', false).message,
      new CmaApiError('DELETE /uploads/batch-destroy', 403, 'INSUFFICIENT_PERMISSIONS', false).message,
      new CmaApiError('GET /uploads', 307, undefined, false).message,
      new CmaApiError('GET /uploads', 503, undefined, true).message,
      new NetworkError('GET /uploads', Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' })).message,
      new JobTimeoutError(1500, ['7', '9']).message,
      new JobTimeoutError(600_000, []).message,
      new JobTimeoutError(1000, [], true).message,
    ];
    expect(messages).toEqual([
      expect.stringMatching(
        /^The API token is invalid \(.*401 INVALID_AUTHORIZATION_HEADER\): check the api-token secret/,
      ),
      expect.stringMatching(/^The API token's role may not delete uploads here .*: give the token's role permission/),
      expect.stringMatching(/answered 307, a redirect, which is not followed .*: check base-url$/),
      expect.stringMatching(/^GET \/uploads answered 503: the API is unavailable, try again later$/),
      expect.stringMatching(/^GET \/uploads failed: ECONNREFUSED \(connect refused\): check base-url/),
      expect.stringMatching(/^2 job\(s\) still running after job-timeout \(1.5 s\): 7, 9; .*raise job-timeout/),
      expect.stringMatching(/^job-timeout \(600 s\) ran out before every deletion was submitted .*: raise job-timeout/),
      expect.stringMatching(
        /^job-timeout \(1 s\) ran out while looking up the environment or selecting what to delete .*nothing was deleted; raise job-timeout$/,
      ),
    ]);
    for (const message of messages) expect(message).not.toContain('\n');
  });
});
