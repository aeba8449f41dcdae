import { createUploadParams, isFieldRefusal, uploadRequestParams } from './create-params.ts';
import { startJob, type Handler } from './handlers.ts';
import { invalidField, json } from './reply.ts';

/**
 * `POST /upload-requests`: a storage path and a presigned URL on the asset host to PUT the file to,
 * with the headers that PUT must send (see ../shared/datocms-cma.md, "Creating an upload").
 */
const createUploadRequest: Handler = (state, ctx) => {
  const params = uploadRequestParams(ctx.contentType, ctx.body);
  if (isFieldRefusal(params)) return invalidField(params);
  const request = state.storage.request(params.filename);
  const url = `${state.view.assetOrigin}/storage/${request.key}?${request.search}`;
  const attributes = { url, request_headers: { ...request.headers } };
  return json(201, { data: { type: 'upload_request', id: request.path, attributes } });
};

/**
 * `POST /uploads`: refused at once when no file was PUT to the path (UNVERIFIED: the real API may
 * accept and fail in the job); else a job that creates the upload from the file as stored now.
 */
const createUpload: Handler = (state, ctx) => {
  const params = createUploadParams(ctx.contentType, ctx.body);
  if (isFieldRefusal(params)) return invalidField(params);
  const request = state.storage.forPath(params.path);
  if (!request?.content) {
    const reason = request ? 'no file was uploaded to this path' : 'no upload request has this path';
    return invalidField({ field: 'path', code: 'VALIDATION_INVALID', message: `${reason}: "${params.path}"` });
  }
  return startJob(state, ctx, { kind: 'create', filename: request.filename, content: request.content, params });
};

export const createHandlers = { createUploadRequest, createUpload };
