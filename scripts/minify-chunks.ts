/**
 * ncc minifies the entry file of a bundle but not the chunks that dynamic imports make: the
 * command's engine is one (`dist/cli/<id>.index.js`), loaded only for a run, and the plan reader
 * another (in both bundles), loaded only to apply a plan. This minifies them with terser, the
 * minifier ncc uses, so that each bundle ships what it would ship unsplit.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { minify } from 'terser';

for (const folder of ['dist/', 'dist/cli/']) {
  const dir = new URL(`../${folder}`, import.meta.url);
  for (const name of readdirSync(dir).filter((file) => /^\d+\.index\.js$/.test(file))) {
    const path = new URL(name, dir);
    const { code } = await minify(readFileSync(path, 'utf8'), { module: true, ecma: 2020 });
    if (code === undefined) throw new Error(`terser gave nothing for ${folder}${name}`);
    writeFileSync(path, code);
  }
}
