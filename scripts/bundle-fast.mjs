#!/usr/bin/env node
// Bundles the credential-process fast path into one CommonJS file. Node starts a CommonJS module
// faster than an ESM graph of a dozen small modules, and this path runs once per SDK client start.
// The cache-miss branch is bundled too but runs only on a miss; the AWS SDK and `open` stay
// outside, loaded from node_modules when a miss or a login needs them.
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
  external: ['@aws-sdk/*', '@smithy/*', 'open'],
  // `import('open')` (an ES module) must stay a real dynamic import.
  supported: {'dynamic-import': true},
  // portal.ts falls back to createRequire(import.meta.url) only outside this bundle.
  define: {'import.meta.url': 'undefined'},
})
