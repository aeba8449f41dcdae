/**
 * How the client reads an answer of the HTTP seam: which 404 it is, the error it makes, the job a
 * request started.
 */
import { CmaApiError, UnexpectedAnswerError } from './errors.ts';
import { firstApiError, type CmaResponse } from './cma-http.ts';

/** A 404 that says only "not found" (or nothing): not one about the environment or anything else. */
export function isPlainNotFound(res: CmaResponse): boolean {
  const codes = firstApiError(res.body)?.codes ?? [];
  return codes.every((code) => code === 'NOT_FOUND');
}

export function apiErrorOf(request: string, res: CmaResponse): CmaApiError {
  const error = firstApiError(res.body);
  return new CmaApiError(request, res.status, error?.code, false, { retried: res.retried, ...error });
}

export function expectFound(request: string, res: CmaResponse): CmaResponse {
  if (res.status === 404) throw apiErrorOf(request, res);
  return res;
}

/** Job IDs are numbers in the docs' examples ("4235"); anything outside this is not trusted. */
const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** What a deletion or creation started (the client's `Submission`): a job to poll, or its result at once. */
export function submission(request: string, res: CmaResponse, taken: 'deletion' | 'creation' = 'deletion') {
  const data = (res.body as { data?: { type?: unknown; id?: unknown } } | undefined)?.data;
  if (res.notJson) throw new UnexpectedAnswerError(request, `${res.status} with a body that is not JSON`, taken);
  if (res.status === 202) {
    if (data?.type !== 'job' || typeof data.id !== 'string' || data.id === '') {
      throw new UnexpectedAnswerError(request, '202 without a job ID', taken);
    }
    // The ID goes into the log, the outputs (which workflows put in scripts) and a URL path.
    if (!JOB_ID.test(data.id)) throw new UnexpectedAnswerError(request, '202 with a job ID that is not one', taken);
    return { jobId: data.id, retried: res.retried };
  }
  return { result: { status: res.status, payload: res.body }, retried: res.retried };
}
