// Per-source-file minified bytes of a size/ program bundled for the browser from the SOURCES (web define, node stubs).
// Usage (from bench/ of a worktree): cp /work/notes/size-analyze.mjs ./an-tmp.mjs && node an-tmp.mjs size/client-list.js 80 [/tmp/out.js]; rm an-tmp.mjs
import * as esbuild from 'esbuild';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
const entry = process.argv[2];
const pk = (n) => resolve('../packages', n, 'src/index.ts');
const plugin = { name:'x', setup(b){
  b.onResolve({filter:/^@together-files\/(core|check|client|enums|types)(\/internal)?$/}, a=>{ const m=a.path.match(/^@together-files\/(\w+)(\/internal)?$/); return {path: resolve('../packages', m[1], 'src', m[2]?'internal.ts':'index.ts')}; });
  b.onResolve({filter:/^node:/}, ()=>({path:'nb', namespace:'stub'}));
  b.onResolve({filter:/^\.\.?\/(.*\/)?node-[^/]*\.js$/}, a=>({path:a.path, namespace:'stub'}));
  b.onLoad({filter:/.*/, namespace:'stub'}, ()=>({contents:'throw new Error("x")', loader:'js'}));
}};
const r = await esbuild.build({ entryPoints:[entry], bundle:true, minify:true, platform:'browser', format:'esm', write:false, metafile:true, logLevel:'error', tsconfigRaw:'{}', define:{__TOGETHER_FILES_WEB__:'true', __TOGETHER_FILES_VERSION__:'"0.0.0"'}, plugins:[plugin] });
const out = r.outputFiles[0].contents;
console.log('total min', out.length, 'gz', gzipSync(out).length);
const o = Object.values(r.metafile.outputs)[0];
const rows = Object.entries(o.inputs).map(([k,v])=>[v.bytesInOutput,k]).sort((a,b)=>b[0]-a[0]);
for (const [b,k] of rows.slice(0, +process.argv[3]||40)) console.log(String(b).padStart(7), k.replace(/.*node_modules\//,'nm/').replace(/.*packages\//,''));
if (process.argv[4]) (await import('node:fs')).writeFileSync(process.argv[4], out);
