import type {AddressInfo} from 'node:net'

import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'

export type CallbackResult = {code: string} | {error: string; description?: string}

export interface LoopbackListener {
  /** `http://127.0.0.1:<port>/oauth/callback`, the redirect URI for this login. */
  redirectUri: string
  /** Settles with the first callback that carries our `state`. */
  result: Promise<CallbackResult>
  close(): Promise<void>
}

export const CALLBACK_PATH = '/oauth/callback'

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32em;margin:4em auto;padding:0 1em;color:#222}</style></head>
<body><h1>${title}</h1><p>${body}</p></body></html>
`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.codePointAt(0)};`)
}

function answer(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close'})
  res.end(html)
}

/**
 * The browser is redirected here with the authorization code. Bound to 127.0.0.1 only (AWS CLI
 * v2 listens on all interfaces), so nothing on the network can hand us a code or probe for the
 * listener. A request without our `state` is answered but ignored: it may be a stale tab or
 * another local process, and must neither end nor hijack this login.
 */
export async function startLoopbackListener(state: string): Promise<LoopbackListener> {
  let settle!: (result: CallbackResult) => void
  const result = new Promise<CallbackResult>((resolve) => {
    settle = resolve
  })
  let done = false

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const outcome = answerCallback(req, res, state, done)
    if (!outcome) return
    done = true
    settle(outcome)
  })
  await listenOnLoopback(server)
  const {port} = server.address() as AddressInfo

  return {
    redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
    result,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Browsers keep connections alive; without this close() would wait for them.
        server.closeAllConnections()
      }),
  }
}

/** Undefined: the request does not end the login (another path, a stale tab, a missing code). */
function answerCallback(req: IncomingMessage, res: ServerResponse, state: string, done: boolean): CallbackResult | undefined {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
    answer(res, 404, page('Not found', 'This address only receives the IAM Identity Center login callback.'))
    return undefined
  }

  const q = url.searchParams
  if (done || q.get('state') !== state) {
    answer(
      res,
      400,
      page('This sign-in link is not current', 'It does not belong to the login that is waiting in your terminal. Close this tab and use the newest link.'),
    )
    return undefined
  }

  const error = q.get('error')
  const code = q.get('code')
  if (error) {
    const description = q.get('error_description') ?? undefined
    answer(
      res,
      200,
      page('Login not completed', `The sign-in ended with <code>${escapeHtml(error)}</code>. You can close this tab and return to the terminal.`),
    )
    return {error, description}
  }

  if (code) {
    answer(res, 200, page('Login complete', 'You can close this tab and return to the terminal.'))
    return {code}
  }

  answer(res, 400, page('Missing authorization code', 'The sign-in did not return a code. Close this tab and try again from the terminal.'))
  return undefined
}

async function listenOnLoopback(server: Server): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
}
