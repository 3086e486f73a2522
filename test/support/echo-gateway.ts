import {createServer, type IncomingMessage, type Server} from 'node:http'
import {type AddressInfo} from 'node:net'

/**
 * A gateway in front of the emulator that, for the routes it is told to, forwards the request and
 * then answers with an error quoting the whole exchange: request headers, request body and the
 * upstream answer. Broken proxies and debugging endpoints do this; whatever such a server echoes,
 * no secret we sent or it returned may reach our stderr, stdout or debug log.
 */
export interface EchoGateway {
  url: string
  /** The texts the gateway quoted back, in order. */
  quoted: string[]
  /** Every JSON string value the upstream returned on a quoted route. */
  upstreamValues: string[]
  close(): Promise<void>
}

const OIDC_ROUTES = new Set(['/client/register', '/device_authorization', '/token'])

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function stringsIn(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value)
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, out)
}

/** `routes` are `METHOD /path` keys, e.g. `POST /token`; other requests pass through unchanged. */
export async function startEchoGateway(upstream: string, routes: string[]): Promise<EchoGateway> {
  const quoted: string[] = []
  const upstreamValues: string[] = []
  const server: Server = createServer(async (req, res) => {
    try {
      const body = await readBody(req)
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v
      const answer = await fetch(upstream + req.url, {
        method: req.method,
        headers,
        body: req.method === 'GET' ? undefined : body,
        signal: AbortSignal.timeout(10_000),
      })
      const text = await answer.text()
      const path = new URL(req.url ?? '/', 'http://x').pathname
      if (!routes.includes(`${req.method} ${path}`)) {
        res.writeHead(answer.status, {'content-type': answer.headers.get('content-type') ?? 'application/json', ...errorTypeHeader(answer)})
        res.end(text)
        return
      }

      try {
        stringsIn(JSON.parse(text), upstreamValues)
      } catch {}

      const message = `gateway error; request ${req.method} ${req.url} headers ${JSON.stringify(req.headers)} body ${body}; upstream ${answer.status} ${text}`
      quoted.push(message)
      const payload = OIDC_ROUTES.has(path) ? {error: 'invalid_request', error_description: message} : {message}
      res.writeHead(400, {'content-type': 'application/json', 'x-amzn-ErrorType': 'InvalidRequestException'})
      res.end(JSON.stringify(payload))
    } catch (error) {
      res.writeHead(502, {'content-type': 'application/json', 'x-amzn-ErrorType': 'InternalServerException'})
      res.end(JSON.stringify({message: `gateway failed: ${String(error)}`}))
    }
  })
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve)
  })
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    quoted,
    upstreamValues,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function errorTypeHeader(answer: Response): Record<string, string> {
  const type = answer.headers.get('x-amzn-errortype')
  return type ? {'x-amzn-ErrorType': type} : {}
}
