// Preloaded into a CLI child (NODE_OPTIONS=--import) to run it offline, whatever the machine's
// network: every name lookup fails as an unknown host does, and the name asked for is appended to
// TEST_DNS_LOG, so a test sees which host a real SDK client tried to reach.
import dns from 'node:dns'
import {appendFileSync} from 'node:fs'

const note = (hostname) => {
  if (process.env.TEST_DNS_LOG) appendFileSync(process.env.TEST_DNS_LOG, `${hostname}\n`)
}

const notFound = (hostname) =>
  Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname})

dns.lookup = (hostname, options, callback) => {
  const done = typeof options === 'function' ? options : callback
  note(hostname)
  process.nextTick(() => done(notFound(hostname)))
}

dns.promises.lookup = async (hostname) => {
  note(hostname)
  throw notFound(hostname)
}
