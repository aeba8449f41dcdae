/**
 * The requests about an upload's tracks: deleting one, and listing them with what the summary
 * shows of each.
 */
import type { CmaClient } from './cma-client.ts';
import { UnexpectedAnswerError } from './errors.ts';
import { isRecord } from '../common/guards.ts';
import type { TrackRef } from '../settings/settings.ts';
import { apiErrorOf, isPlainNotFound, submission } from './client-answers.ts';
import type { CmaHttp } from './cma-http.ts';

/** `DELETE /uploads/:upload_id/tracks/:track_id`: the job it started, or the client's `NotFound`. */
export async function deleteUploadTrack(
  http: CmaHttp,
  { uploadId, trackId }: TrackRef,
): ReturnType<CmaClient['deleteUploadTrack']> {
  const path = `/uploads/${encodeURIComponent(uploadId)}/tracks/${encodeURIComponent(trackId)}`;
  const track = `${uploadId}/${trackId}`;
  const res = await http({ method: 'DELETE', path, deletes: `track ${track}`, deletesIds: [track] });
  if (res.status !== 404) return submission(`DELETE ${path}`, res);
  // A 404 about something else (the environment, a sandbox's tracks) is that answer, not "no such track".
  if (!isPlainNotFound(res)) throw apiErrorOf(`DELETE ${path}`, res);
  return { notFound: true as const, retried: res.retried };
}

/** `GET /uploads/:id/tracks`; undefined when the upload is unknown. */
export async function listTracks(http: CmaHttp, uploadId: string): ReturnType<CmaClient['listTracks']> {
  const path = `/uploads/${encodeURIComponent(uploadId)}/tracks`;
  const res = await http({ method: 'GET', path });
  if (res.status === 404 && isPlainNotFound(res)) return undefined;
  if (res.status === 404) throw apiErrorOf(`GET ${path}`, res);
  return trackList(`GET ${path}`, uploadId, res.body);
}

/** `{"data":[upload_track...]}`: every entry an `upload_track` with a string ID (a `TrackInfo`), or an error. */
function trackList(request: string, uploadId: string, body: unknown) {
  const data = isRecord(body) ? body.data : undefined;
  if (!Array.isArray(data)) throw new UnexpectedAnswerError(request, 'a list without data');
  return data.map((entry: unknown, index) => {
    if (!isRecord(entry) || entry.type !== 'upload_track' || typeof entry.id !== 'string') {
      throw new UnexpectedAnswerError(request, `a data entry that is not an upload track (entry ${index + 1})`);
    }
    const attributes = isRecord(entry.attributes) ? entry.attributes : {};
    const { name, type, language_code: languageCode, closed_captions: closedCaptions } = attributes;
    const details = {
      type: typeof type === 'string' ? type.slice(0, 64) : null,
      languageCode: typeof languageCode === 'string' ? languageCode.slice(0, 64) : null,
      closedCaptions: typeof closedCaptions === 'boolean' ? closedCaptions : null,
    };
    return { uploadId, trackId: entry.id, name: typeof name === 'string' ? name : undefined, details };
  });
}
