import type {AddressInfo, Server, Socket} from 'node:net'

import {createServer as createHttpServer} from 'node:http'
import {createServer} from 'node:net'

/**
 * Endpoints that misbehave the way a broken proxy, a captive portal or a half-dead load balancer
 * does. Both listen on 127.0.0.1 port 0 and count what they saw.
 */
export interface StallServer {
  url: string
  /** Connections accepted so far. */
  connections(): number
  close(): Promise<void>
}

/** Listens on a free loopback port, counting connections and holding them so that close can end them. */
async function listenCounting(server: Server): Promise<StallServer> {
  const sockets = new Set<Socket>()
  let count = 0
  server.on('connection', (socket: Socket) => {
    count++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve)
  })
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

/** Accepts the TCP connection and never says a word. */
export function silentServer(): Promise<StallServer> {
  return listenCounting(createServer())
}

/** Answers 200 with JSON headers and the first bytes of a body, then stalls for ever. */
export function stallMidBodyServer(): Promise<StallServer> {
  return listenCounting(
    createHttpServer((_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': '4096'})
      res.write('{"roleCredentials":{"accessKeyId":"ASIA')
    }),
  )
}
