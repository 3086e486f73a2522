import {parseArgs} from 'node:util'

import type {Lifetimes} from './state.js'

import {makeFixture, startEmulator} from './server.js'

const USAGE = `Usage: npm run emulator -- [options]

  --port N                      port on 127.0.0.1 (default 4599; 0 picks a free one)
  --auto-approve                approve device codes and /authorize requests without a click
  --fixture FILE                directory JSON (default test/emulator/fixtures/default.json)
  --accounts N                  generate a directory of N accounts instead of a fixture file
  --roles-per-account M         roles per generated account (default 3)
  --access-token-seconds N      --refresh-token-seconds N     --registration-seconds N
  --role-credentials-seconds N  --device-code-seconds N       --poll-interval-seconds N
  --verbose                     log each request to stderr
`

const LIFETIME_FLAGS: Record<string, keyof Lifetimes> = {
  'access-token-seconds': 'accessTokenSeconds',
  'refresh-token-seconds': 'refreshTokenSeconds',
  'registration-seconds': 'registrationSeconds',
  'role-credentials-seconds': 'roleCredentialsSeconds',
  'device-code-seconds': 'deviceCodeSeconds',
  'poll-interval-seconds': 'pollIntervalSeconds',
}

function number(name: string, raw: string): number {
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a non-negative number, got "${raw}"`)
  return n
}

async function main(): Promise<void> {
  const {values} = parseArgs({
    options: {
      port: {type: 'string', default: '4599'},
      'auto-approve': {type: 'boolean', default: false},
      fixture: {type: 'string'},
      accounts: {type: 'string'},
      'roles-per-account': {type: 'string', default: '3'},
      verbose: {type: 'boolean', default: false},
      help: {type: 'boolean', short: 'h', default: false},
      ...Object.fromEntries(Object.keys(LIFETIME_FLAGS).map((k) => [k, {type: 'string' as const}])),
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(USAGE)
    return
  }

  const lifetimes: Partial<Lifetimes> = {}
  for (const [flag, key] of Object.entries(LIFETIME_FLAGS)) {
    const raw = (values as Record<string, unknown>)[flag]
    if (typeof raw === 'string') lifetimes[key] = number(flag, raw)
  }

  const port = number('port', values.port)
  if (!Number.isInteger(port) || port > 65_535) throw new Error(`--port must be an integer from 0 to 65535`)
  const fixture =
    values.accounts === undefined
      ? values.fixture
      : makeFixture({
          accounts: number('accounts', values.accounts),
          rolesPerAccount: number('roles-per-account', values['roles-per-account']),
        })

  const emulator = await startEmulator({
    port,
    autoApprove: values['auto-approve'],
    fixture,
    lifetimes,
    log: values.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
  })
  process.stdout.write(`listening on ${emulator.url}\n`)

  let closing = false
  const shutdown = (): void => {
    if (closing) return
    closing = true
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }

  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

try {
  await main()
} catch (error) {
  process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`)
  process.exit(2)
}
