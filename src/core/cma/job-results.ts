/** `GET /job-results/:id`: whether a job is done, and its result (status and payload) once it is. */
import type { CmaClient } from './cma-client.ts';
import { UnexpectedAnswerError } from './errors.ts';
import { isRecord } from '../common/guards.ts';
import { apiErrorOf, isPlainNotFound } from './client-answers.ts';
import type { CmaHttp } from './cma-http.ts';

/** The client's `JobResult` of `jobId`; undefined while the job runs. */
export async function getJobResult(http: CmaHttp, jobId: string): ReturnType<CmaClient['getJobResult']> {
  const res = await http({ method: 'GET', path: `/job-results/${encodeURIComponent(jobId)}` });
  if (res.status === 404 && isPlainNotFound(res)) return undefined; // still running
  if (res.status === 404) throw apiErrorOf(`GET /job-results/${jobId}`, res);
  return jobResult(`GET /job-results/${jobId}`, res.body);
}

/**
 * A `job_result` resource. Its own ID is not compared with the job's: the docs' example answers
 * job 4235 with job_result 34.
 */
function jobResult(request: string, body: unknown) {
  const data = isRecord(body) && isRecord(body.data) ? body.data : undefined;
  if (data?.type !== 'job_result') throw new UnexpectedAnswerError(request, 'a body that is not a job result');
  const attributes = isRecord(data.attributes) ? data.attributes : undefined;
  if (typeof attributes?.status !== 'number') {
    throw new UnexpectedAnswerError(request, 'a job result without a status');
  }
  return { status: attributes.status, payload: attributes.payload };
}
