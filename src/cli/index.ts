#!/usr/bin/env node
import { listenForInterrupts } from './interrupt.ts';
import { main } from './main.ts';

const interrupt = listenForInterrupts(
  (code) => process.exit(code),
  (signal) =>
    process.stderr.write(
      `\n${signal}: stopping; jobs already started may still complete on DatoCMS (press Ctrl-C again to quit at once)\n`,
    ),
);
// A reader that goes away (`| head`) ends what it reads, not the run: its exit code stays the run's.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}
const io = { argv: process.argv.slice(2), env: process.env, cwd: process.cwd() };
process.exitCode = await main({ ...io, stdout: process.stdout, stderr: process.stderr }, interrupt);
interrupt.dispose();
