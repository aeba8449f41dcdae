/** The version of the action and the command; kept equal to package.json by a test. */
export const VERSION = '1.0.0';

/** Each front door's name, in the report and (as `name/version`) in the User-Agent. */
export const ACTION = { name: 'datocms-media-cleanup-action', version: VERSION } as const;
export const COMMAND = { name: 'datocms-media-cleanup', version: VERSION } as const;
