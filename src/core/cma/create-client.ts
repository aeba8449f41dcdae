/** The CMA client over one HTTP seam: each method is one request kind, written in its own file. */
import type { CmaHttp } from './cma-http.ts';
import { getEnvironment, listEnvironments } from './environment-reads.ts';
import { getJobResult } from './job-results.ts';
import { createUpload, createUploadRequest } from './upload-creation.ts';
import { batchDestroyUploads, bulkDestroyUploads } from './upload-deletion.ts';
import { countUploads, listUploads, listedAmong, uploadResources } from './upload-reads.ts';
import { deleteUploadTrack, listTracks } from './upload-tracks.ts';
import { uploadReferences } from './upload-references.ts';
import { type CmaClient } from './cma-client.ts';

/**
 * The client over `http`: each method is one request, sent and checked in the file of its
 * resource (upload-deletion, upload-tracks, job-results, upload-reads, upload-creation,
 * environment-reads); the answers must have the shapes above.
 */
export function createCmaClient(http: CmaHttp): CmaClient {
  return {
    batchDestroyUploads: (ids, routeSeen) => batchDestroyUploads(http, ids, routeSeen),
    bulkDestroyUploads: (ids) => bulkDestroyUploads(http, ids),
    deleteUploadTrack: (track) => deleteUploadTrack(http, track),
    getJobResult: (jobId) => getJobResult(http, jobId),
    existingUploads(ids) {
      return listedAmong(this, ids, {});
    },
    uploadsInUse(ids, inUse = true) {
      return listedAmong(this, ids, { 'filter[fields][in_use][eq]': String(inUse) });
    },
    listUploads: (filter, most, keep = []) => listUploads(http, filter, most, keep),
    countUploads: () => countUploads(http),
    listTracks: (uploadId) => listTracks(http, uploadId),
    uploadReferences: (uploadId) => uploadReferences(http, uploadId),
    uploadResources: (ids) => uploadResources(http, ids),
    createUploadRequest: (filename) => createUploadRequest(http, filename),
    createUpload: (body) => createUpload(http, body),
    getEnvironment: (id) => getEnvironment(http, id),
    listEnvironments: () => listEnvironments(http),
  };
}
