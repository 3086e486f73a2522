import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'

import type {Emulator} from '../emulator/server.js'

import {cliEnv, repoRoot, runBin} from '../support/cli.js'
import {type RunningProgram, start} from '../support/run.js'
import {ACCOUNT_ID, emulatorEnv, ROLE_NAME} from '../support/sso.js'

export const clickBrowser = join(repoRoot, 'test', 'support', 'browser-click.mjs')
export const fetchBrowser = join(repoRoot, 'test', 'support', 'browser-fetch.mjs')

export const sessionConfig = (session: string, startUrl: string, profile?: string, account = ACCOUNT_ID, role = ROLE_NAME) =>
  (profile
    ? `[profile ${profile}]
sso_session = ${session}
sso_account_id = ${account}
sso_role_name = ${role}
region = us-east-1

`
    : '') +
  `[sso-session ${session}]
sso_start_url = ${startUrl}
sso_region = us-east-1
sso_registration_scopes = sso:account:access
`

export const legacyConfig = (profile: string, startUrl: string, account = ACCOUNT_ID, role = ROLE_NAME) => `[profile ${profile}]
sso_start_url = ${startUrl}
sso_region = us-east-1
sso_account_id = ${account}
sso_role_name = ${role}
region = us-east-1
`

export interface LoginEnvOptions {
  browser?: 'click' | 'fetch' | 'none'
  /** approve, deny, or none (only record the URL, as a user who never clicks). */
  action?: 'approve' | 'deny' | 'none'
  delayMs?: number
  extra?: Record<string, string | undefined>
}

/**
 * The child's environment: what cliEnv gives (HOME, PATH, config paths, no display), the
 * emulator endpoints, and a test browser that records every URL it is handed to `browserLog(home)`.
 */
export function loginEnv(emu: Emulator, home: string, options: LoginEnvOptions = {}): Record<string, string | undefined> {
  const browser = options.browser ?? 'fetch'
  return {
    ...emulatorEnv(emu),
    // The SDK's notice that it will drop Node 20 would otherwise sit between our prompt lines.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    BROWSER: browser === 'none' ? undefined : browser === 'click' ? clickBrowser : fetchBrowser,
    TEST_BROWSER_LOG: browserLog(home),
    TEST_BROWSER_RESULT: join(home, 'browser-result.txt'),
    TEST_BROWSER_ACTION: options.action ?? 'approve',
    TEST_BROWSER_DELAY_MS: options.delayMs === undefined ? undefined : String(options.delayMs),
    AWS_SSO_UTIL_LOGIN_TIMEOUT_SECONDS: '60',
    ...options.extra,
  }
}

export function browserLog(home: string): string {
  return join(home, 'browser-urls.txt')
}

/** The URLs the test browser was asked to open: one per tab. */
export function browserUrls(home: string): string[] {
  const path = browserLog(home)
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : []
}

export function browserResults(home: string): string[] {
  const path = join(home, 'browser-result.txt')
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : []
}

/** Like runCli, but hands out the process so a test can signal it while it waits. */
export function startCli(args: string[], options: {home: string; env?: Record<string, string | undefined>}): RunningProgram {
  return start(process.execPath, [runBin, ...args], {env: cliEnv(options.home, options.env), timeoutMs: 90_000})
}

export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '')
}

export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort()
  } catch {
    return []
  }
}

export function modeOf(path: string): number {
  return statSync(path).mode & 0o777
}

export async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => {
      setTimeout(resolve, 50)
    })
  }
}

/** The browser scripts run detached and may still be closing when the CLI has exited. */
export async function waitForBrowsers(home: string, count: number, timeoutMs = 20_000): Promise<void> {
  await waitFor(`${count} browser result(s)`, () => browserResults(home).length >= count, timeoutMs)
}

export const SUCCESS = /^Login succeeded, valid until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/

/** The emulator's request counts since `base` (reset() would also forget tokens a test seeded). */
export function statsSince(emu: Emulator, base: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [op, n] of Object.entries(emu.stats())) {
    const delta = n - (base[op] ?? 0)
    if (delta !== 0) out[op] = delta
  }

  return out
}
