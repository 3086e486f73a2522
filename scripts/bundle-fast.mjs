#!/usr/bin/env node
// Bundles the credential-process fast path into one CommonJS file. Node starts a CommonJS module
// faster than an ESM graph of a dozen small modules, and this path runs once per SDK client start.
// The cache-miss branch is bundled too but runs only on a miss; the AWS SDK and `open` stay
// outside, loaded from node_modules when a miss or a login needs them.
//
// bin/run.js runs the bundle through dist/fast/load.cjs (src/fast/code-cache.ts), which compiles it
// with a V8 code cache in a vm.Script. There `import()` would need an experimental flag, so the
// bundle's dynamic imports of those external packages call `__importExternal`, a parameter the
// loader passes; a plain require() of the bundle gets node's own import() instead.
import {build} from 'esbuild'
import {writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const external = ['@aws-sdk/*', '@smithy/*', 'open']

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
  external,
  // `import('open')` (an ES module) must stay a real dynamic import.
  supported: {'dynamic-import': true},
  // portal.ts falls back to createRequire(import.meta.url) only outside this bundle.
  define: {'import.meta.url': 'undefined'},
  write: false,
}

const [bundle] = (await build({...common, entryPoints: [join(root, 'src', 'fast', 'credential-process.ts')], outfile: 'credential-process.cjs'})).outputFiles
let {text} = bundle
const imports = [...text.matchAll(/\bimport\(([^)]*)\)/g)].map((m) => m[1])
const allowed = /^"(node:[\w/]+|open|@aws-sdk\/[\w-]+)"$/
const unexpected = imports.filter((spec) => !allowed.test(spec))
if (unexpected.length > 0) throw new Error(`bundle-fast: dynamic import of ${unexpected.join(', ')} cannot go through the loader`)
text = text.replaceAll(/\bimport\((?=")/g, '__importExternal(')
const banner = 'if (typeof __importExternal !== "function") var __importExternal = (specifier) => import(specifier);\n'
text = text.replace(/^("use strict";\n)?/, (strict) => strict + banner)
writeFileSync(join(root, 'dist', 'fast', 'credential-process.cjs'), text)

const [loader] = (await build({...common, entryPoints: [join(root, 'src', 'fast', 'code-cache.ts')], outfile: 'load.cjs'})).outputFiles
writeFileSync(join(root, 'dist', 'fast', 'load.cjs'), loader.text)
