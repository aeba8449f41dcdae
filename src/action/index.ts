import { cancellation } from './early-cancellation.ts';
import { run } from './main.ts';

await run(undefined, undefined, cancellation);
