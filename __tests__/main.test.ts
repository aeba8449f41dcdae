/** `run()` in process, with a fake runner (the seam the bundle fills with @actions/core). */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeRunner } from '../__fixtures__/fake-runner.ts';
import { uid } from '../__fixtures__/ids.ts';
import { run } from '../src/action/main.ts';
import { startSimulator, uploadId, type Simulator } from '../simulator/index.ts';

const TOKEN = 'main-test-token';
let sim: Simulator | undefined;
afterEach(async () => sim?.close());

describe('run', () => {
  it('masks the token first, refuses bad input in one line, and sets no output', async () => {
    const runner = new FakeRunner({ 'api-token': ` ${TOKEN} `, 'upload-ids': `${uid('ok')},${uid('not')} ok!` });
    await run(runner);
    expect(runner.secrets).toEqual([TOKEN]);
    expect(runner.failed).toBe(
      'upload-ids entry "ok!" is not an upload ID (22 characters of A-Z, a-z, 0-9, _ and -, such as q0VNpiNQSkG6z0lif_O1zg, or digits in older projects): fix or remove it',
    );
    expect(runner.outputs).toEqual({});
    expect(runner.logs).toEqual([]);
  });

  it('logs the target first, deletes, and reports outputs and summary', async () => {
    sim = await startSimulator({ token: TOKEN, uploads: 3, jobLatencyMs: 10, environments: ['staging'] });
    const runner = new FakeRunner({
      'api-token': TOKEN,
      'base-url': sim.url,
      environment: 'staging',
      'upload-ids': `${uploadId(0)} ${uploadId(1)} ${uid('missing')}`,
      'fail-on-failed': 'true',
    });
    await run(runner);
    expect(runner.logs[0]).toBe(`Target: sandbox environment \`staging\` at ${sim.url}`);
    expect(runner.outputs).toMatchObject({ successful: '2', failed: '1', selected: '3' });
    expect(runner.warnings[0]).toMatch(/^1 of 3 deletion\(s\) failed/);
    expect(runner.failed).toMatch(/1 deletion\(s\) failed and fail-on-failed is true/);
    expect(runner.summary).toContain('Environment: sandbox environment `staging`');
    expect(sim.uploadExists(uploadId(0), 'staging')).toBe(false);
  });
});
