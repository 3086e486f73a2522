// Preloaded with --import: records every module the process loads, ESM imports through a resolve
// hook and CommonJS requires through Module._resolveFilename, one per line in $TRACE_IMPORTS_FILE,
// so a test can prove what the credential-process fast path does not load.
import {appendFileSync} from 'node:fs'
import Module, {register} from 'node:module'

const file = process.env.TRACE_IMPORTS_FILE
const record = (what) => appendFileSync(file, `${what}\n`)

const resolveFilename = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  const resolved = resolveFilename.call(this, request, ...rest)
  record(resolved)
  return resolved
}

// `node:` built-ins never reach _resolveFilename; _load sees every require.
const load = Module._load
Module._load = function (request, ...rest) {
  if (typeof request === 'string' && request.startsWith('node:')) record(request)
  return load.call(this, request, ...rest)
}

const {port1, port2} = new MessageChannel()
port1.on('message', record)
port1.unref()
register(
  `data:text/javascript,${encodeURIComponent(`
let port
export function initialize(data) { port = data.port }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  port.postMessage(result.url)
  return result
}`)}`,
  {data: {port: port2}, transferList: [port2]},
)
