#!/usr/bin/env node
// Bundles the credential-process fast path into one CommonJS file. Node starts a CommonJS module
// faster than an ESM graph of a dozen small modules, and this path runs once per SDK client start.
// The cache-miss branch stays a separate ESM import of the compiled lib, loaded only when needed.
import {build} from 'esbuild'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

await build({
  entryPoints: [join(root, 'src', 'fast', 'credential-process.ts')],
  outfile: join(root, 'dist', 'fast', 'credential-process.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
  // Keep `import()` of the cache-miss module a real dynamic import of the compiled ESM file.
  supported: {'dynamic-import': true},
  plugins: [
    {
      name: 'cache-miss-stays-out',
      setup(b) {
        b.onResolve({filter: /^\.\/credential-refresh\.js$/}, () => ({path: '../lib/credential-refresh.js', external: true}))
      },
    },
  ],
})
