/**
 * Imported first by the entry point, so that its listeners are in place before the rest of the
 * bundle is evaluated: a cancellation that comes while the action starts still ends with
 * outputs and a summary, instead of Node's default exit on the signal.
 */
import { listenForSignals } from './cancellation.ts';

export const cancellation = listenForSignals();
