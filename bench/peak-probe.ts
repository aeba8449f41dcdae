/**
 * How the benchmark reads a child's peak memory: `node --import PEAK_PROBE dist/index.js`. The
 * probe is plain JavaScript in a data: URL, so the child runs the bundle exactly as the runner
 * does, with nothing loaded besides (a .ts loader would load Node's TypeScript stripper, about
 * 16 MiB the action never pays). On exit it prints `peakRSS=<KiB>`: the process's own high-water
 * mark (VmHWM) where Linux tells it, else `maxRSS`, which Linux can carry over from the parent
 * across fork and exec.
 */
export const PEAK_PROBE = `data:text/javascript,${encodeURIComponent(`
process.on('exit', () => {
  let kib = process.resourceUsage().maxRSS;
  try {
    const status = process.getBuiltinModule('node:fs').readFileSync('/proc/self/status', 'utf8');
    const hwm = /^VmHWM:\\s*(\\d+) kB$/m.exec(status);
    if (hwm) kib = Number(hwm[1]);
  } catch {}
  process.stdout.write('\\npeakRSS=' + kib + '\\n');
});
`)}`;

const PEAK = /^peakRSS=(\d+)$/m;

/** The peak the probe printed, in MiB. */
export function peakMiB(stdout: string): number {
  const match = PEAK.exec(stdout);
  if (!match) throw new Error(`no peakRSS line in: ${stdout.slice(-300)}`);
  return Number(match[1]) / 1024;
}
