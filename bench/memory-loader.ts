/**
 * Runs dist/index.js with inputs too large for the environment (Linux caps one variable at
 * 128 KiB): reads them from a JSON file, sets INPUT_<NAME> in this process, then imports the
 * bundle. Prints `maxRSS=<KiB>` on exit. Usage: node bench/memory-loader.ts INPUTS_JSON
 */
import { readFileSync } from 'node:fs';

const MAX_RSS_PREFIX = 'maxRSS='; // parsed by memory.ts

const inputsFile = process.argv[2];
if (!inputsFile) throw new Error('usage: memory-loader.ts INPUTS_JSON');
const inputs = JSON.parse(readFileSync(inputsFile, 'utf8')) as Record<string, string>;
for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;

process.on('exit', () => console.log(`\n${MAX_RSS_PREFIX}${process.resourceUsage().maxRSS}`));
await import(new URL('../dist/index.js', import.meta.url).href);
