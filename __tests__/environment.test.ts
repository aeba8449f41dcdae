/** The environment lookup with a fake client: what is confirmed, refused, or only warned about. */
import { describe, expect, it } from 'vitest';
import { fakeClient } from '../__fixtures__/fake-client.ts';
import type { EnvironmentInfo } from '../src/core/cma/cma-client.ts';
import { describeEnvironment, EnvironmentError, resolveEnvironment } from '../src/core/cma/environment.ts';
import { CmaApiError } from '../src/core/cma/errors.ts';

const main: EnvironmentInfo = { id: 'main', primary: true, readOnly: false };
const sandbox = (id: string, readOnly = false): EnvironmentInfo => ({ id, primary: false, readOnly });
const refused = (status: number, code: string) =>
  Promise.reject(new CmaApiError('GET /environments', status, code, false));

describe('resolveEnvironment', () => {
  it('finds the primary in the list, and a sandbox by its ID', async () => {
    const client = fakeClient({
      listEnvironments: () => Promise.resolve([sandbox('dev'), main]),
      getEnvironment: (id) => Promise.resolve(id === 'dev' ? sandbox('dev') : undefined),
    });
    const primary = await resolveEnvironment(client, undefined);
    expect(describeEnvironment(primary)).toBe('primary environment `main`');
    expect(describeEnvironment(await resolveEnvironment(client, 'dev'))).toBe('sandbox environment `dev`');
  });

  it('refuses an environment that does not exist, naming at most 10 that do', async () => {
    const many = [main, ...Array.from({ length: 14 }, (_, i) => sandbox(`s${i}`))];
    const client = fakeClient({
      getEnvironment: () => Promise.resolve(undefined),
      listEnvironments: () => Promise.resolve(many),
    });
    const error = await resolveEnvironment(client, 'typo').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toContain(
      'the environments are: main (primary), s0, s1, s2, s3, s4, s5, s6, s7, s8, ...:',
    );
  });

  it('refuses a read-only environment', async () => {
    const client = fakeClient({ getEnvironment: () => Promise.resolve(sandbox('frozen', true)) });
    await expect(resolveEnvironment(client, 'frozen')).rejects.toThrow(
      /sandbox environment `frozen` is in read-only mode/,
    );
  });

  it('goes on unconfirmed when the role may not read environments; refuses an answer about another one', async () => {
    const forbidden = fakeClient({ listEnvironments: () => refused(403, 'INSUFFICIENT_PERMISSIONS') });
    expect((await resolveEnvironment(forbidden, undefined)).unconfirmed).toMatch(
      /answered 403 INSUFFICIENT_PERMISSIONS/,
    );
    const other = fakeClient({ getEnvironment: () => Promise.resolve(sandbox('other')) });
    await expect(resolveEnvironment(other, 'dev')).rejects.toThrow(/answered environment other instead/);
  });

  it('lets a bad token end the run', async () => {
    const client = fakeClient({ listEnvironments: () => refused(401, 'INVALID_AUTHORIZATION_HEADER') });
    await expect(resolveEnvironment(client, undefined)).rejects.toThrow(/The API token is invalid/);
  });
});
