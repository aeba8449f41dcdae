export type AssetFaultKind = 'slow' | 'truncate' | 'wrong-bytes' | 'status' | 'redirect' | 'no-length' | 'endless';

/**
 * A fault of the asset host (`Simulator.injectAsset`). On a download (GET): `slow` pauses before
 * the answer and between its body's chunks, `delayMs` in all; `truncate` announces the whole
 * `Content-Length`, sends about half and destroys the socket; `wrong-bytes` sends as many bytes,
 * but not the file's; `status` answers `status` with an S3-like XML error; `redirect` answers 302
 * to `to`; `no-length` sends the file whole without `Content-Length` (chunked); `endless` sends
 * no `Content-Length` and bytes without end, until the client goes. On a storage PUT: `slow` waits `delayMs` before answering; `truncate` destroys the
 * socket without answering, nothing stored; `wrong-bytes` stores other bytes of the same length and
 * answers 200 with their md5 as `ETag`; `status` and `redirect` (307) as on a GET, nothing stored;
 * `no-length` and `endless` change nothing.
 */
export interface AssetFault {
  /** Omitted: any asset request. A fault naming `uploadId` matches only that upload's downloads. */
  match?: { uploadId?: string; method?: string };
  /** How many matching requests it applies to. Default `1`. */
  times?: number;
  kind: AssetFaultKind;
  /** `slow`: the whole pause. Default `1000`. */
  delayMs?: number;
  /** `status`: the status answered. Default `403`. */
  status?: number;
  /**
   * `redirect`: `'https'` (the same URL on the asset host: following it works), `'http'` (the same
   * path over plain http on the asset host's port: a client must refuse it, nothing answers
   * there), or any URL. Default `'https'`.
   */
  to?: string;
}
