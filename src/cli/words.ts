/**
 * The engine's fixed phrases in the command's words: the table is the command's Wording
 * (src/core/wording.ts), which the engine also applies to what a run ends with.
 */
export { inCommandWords } from '../core/settings/wording.ts';
