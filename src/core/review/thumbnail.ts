/** What a review shows of an upload: a thumbnail from the asset host or Mux, or its format in words. */
import type { UploadInfo } from '../cma/upload-listing.ts';

/** How a review pictures one upload. */
export type Picture =
  { readonly kind: 'image' | 'video'; readonly src: string } | { readonly kind: 'file'; readonly words: string };

/** Pixels of a thumbnail's box; it is shown at half that, so that it stays sharp on a dense screen. */
export const THUMBNAIL_PIXELS = 160;
export const THUMBNAIL_SHOWN = THUMBNAIL_PIXELS / 2;

/**
 * imgix's Rendering API, which serves DatoCMS images (https://www.datocms.com/docs/asset-api/images,
 * https://docs.imgix.com/apis/rendering/size/fit): `fit=fillmax` fits the whole image in the
 * `w`×`h` box without cropping or enlarging it and pads the rest with `fill=solid` and
 * `fill-color`, so every thumbnail is the same square and nothing of the image is hidden from a
 * reviewer; `auto=format` serves the lightest format the browser takes.
 */
export const IMGIX_PARAMS = `w=${THUMBNAIL_PIXELS}&h=${THUMBNAIL_PIXELS}&fit=fillmax&fill=solid&fill-color=ffffff&auto=format`;

/**
 * Mux's thumbnail of a video (https://www.mux.com/docs/guides/get-images-from-a-video): a frame
 * from the middle, `fit_mode=pad` keeping all of it inside `width`×`height`.
 */
export const MUX_PARAMS = `width=${THUMBNAIL_PIXELS}&height=${THUMBNAIL_PIXELS}&fit_mode=pad`;

/** The picture of `upload`: an image's thumbnail, a Mux video's, or its format. */
export function pictureOf(upload: UploadInfo): Picture {
  const looksImage = upload.isImage ?? upload.mimeType?.startsWith('image/') ?? false;
  const image = looksImage && upload.url !== undefined ? imageThumbnail(upload.url) : undefined;
  if (image !== undefined) return { kind: 'image', src: image };
  if (upload.muxPlaybackId !== undefined && /^[A-Za-z0-9]{1,100}$/.test(upload.muxPlaybackId)) {
    return { kind: 'video', src: `https://image.mux.com/${upload.muxPlaybackId}/thumbnail.jpg?${MUX_PARAMS}` };
  }
  return { kind: 'file', words: formatWords(upload) };
}

/**
 * The thumbnail of an image at `url`, its own listed address: https only, on the host it names
 * (no other is ever made up), its path kept and its query and fragment replaced by the resize
 * parameters; undefined for any other address (http, javascript:, data:, credentials...).
 */
export function imageThumbnail(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return undefined;
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(parsed.hostname)) return undefined;
  // What the URL parser leaves as it is but a quoted attribute in a table row must not hold.
  const path = parsed.pathname.replace(/[^A-Za-z0-9\-._~/%!$()*+,;=:@]/g, (char) =>
    char.charCodeAt(0) < 128 ? `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : '',
  );
  return `${parsed.origin}${path}?${IMGIX_PARAMS}`;
}

/** `PDF file`, from the listed format or else the filename's extension; `file` when neither says. */
export function formatWords(upload: Pick<UploadInfo, 'format' | 'filename'>): string {
  const format = upload.format ?? /\.([A-Za-z0-9]{1,16})$/.exec(upload.filename)?.[1];
  return format === undefined || !/^[A-Za-z0-9]{1,16}$/.test(format) ? 'file' : `${format.toUpperCase()} file`;
}
