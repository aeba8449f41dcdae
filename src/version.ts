/** The action's name and version, sent as the User-Agent; kept equal to package.json by a test. */
export const ACTION_NAME = 'datocms-media-cleanup-action';
export const ACTION_VERSION = '1.0.0';
export const USER_AGENT = `${ACTION_NAME}/${ACTION_VERSION}`;
