// Preloaded with --import: records every module URL the process resolves, one per line, in
// $TRACE_IMPORTS_FILE, so a test can prove what the credential-process fast path does not load.
import {appendFileSync} from 'node:fs'
import {register} from 'node:module'

const file = process.env.TRACE_IMPORTS_FILE
const {port1, port2} = new MessageChannel()
port1.on('message', (url) => appendFileSync(file, `${url}\n`))
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
