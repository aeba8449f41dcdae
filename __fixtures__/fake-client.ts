import type { CmaClient, JobResult } from '../src/core/cma/cma-client.ts';

/** A CMA client whose every answer a test sets; unset calls fail loudly. */
export function fakeClient(overrides: Partial<CmaClient>): CmaClient {
  const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected call: ${name}`));
  return {
    batchDestroyUploads: unexpected('batchDestroyUploads'),
    bulkDestroyUploads: unexpected('bulkDestroyUploads'),
    deleteUploadTrack: unexpected('deleteUploadTrack'),
    getJobResult: unexpected('getJobResult'),
    existingUploads: unexpected('existingUploads'),
    uploadsInUse: unexpected('uploadsInUse'),
    listUploads: unexpected('listUploads'),
    countUploads: unexpected('countUploads'),
    listTracks: unexpected('listTracks'),
    uploadReferences: unexpected('uploadReferences'),
    uploadResources: unexpected('uploadResources'),
    createUploadRequest: unexpected('createUploadRequest'),
    createUpload: unexpected('createUpload'),
    getEnvironment: unexpected('getEnvironment'),
    listEnvironments: unexpected('listEnvironments'),
    ...overrides,
  };
}

/** A finished upload job's result with these counts. */
export const uploadsJob = (successful: number, failed: number): JobResult => ({
  status: 200,
  payload: { data: [], meta: { successful, failed } },
});
