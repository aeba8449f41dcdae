/** Why an item failed, in the words the result keeps: from a refusal's error codes, for one item. */
import { type FailedItem } from '../result/jobs.ts';
import { SANDBOX_TRACK, type FailureReason } from '../select/failure-reason.ts';

export const isSandboxTrackRefusal = (codes: readonly string[]): boolean =>
  codes.includes('IMMUTABLE_UPLOAD_TRACKS_IN_SANDBOX_ENVIRONMENT');

/** Why the API refused a track, from its error codes. */
export function trackRefusalReason(codes: readonly string[]): FailureReason {
  return isSandboxTrackRefusal(codes) ? SANDBOX_TRACK : 'refused';
}

export const failedFor =
  (reason: FailedItem['reason']) =>
  (id: string): FailedItem => ({ id, reason });
