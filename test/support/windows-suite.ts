import {expect} from 'chai'
import {appendFileSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import type {Emulator} from '../emulator/server.js'

import {botocoreWin32Split, prepareWindows, requireWine, runWindows, type WindowsEnv, type WindowsUser, windowsUser, type WinResult} from '../windows/wine.js'
import {useEmulator} from './fixtures.js'
import {roleFlags} from './sso.js'

/** What the line did when the probe started it: its exit code, output and time under Wine. */
export interface ProbeChild {
  code: number
  stdout: string
  stderr: string
  ms: number
}

/**
 * What every Windows suite stands on. Its tests build on each other (configure, then log in, then
 * use the line), so the emulator approves every sign-in and is never reset, and one Windows user
 * lives as long as the suite.
 */
export interface WindowsSuite {
  readonly emu: Emulator
  readonly win: WindowsEnv
  readonly user: WindowsUser
  /** Windows directories ahead of node.exe's on the PATH of the programs the suite starts. */
  path: string[]
  /** Runs a Windows program as the suite's user, with the emulator's endpoints and the suite's PATH (or `path`). */
  run(program: string, args: string[], path?: string[]): Promise<WinResult>
  /**
   * `configure profile NAME --process-only` for the role, through `cli` (the standalone install or a
   * plugin host): the credential_process line it wrote, and botocore's win32 split of it.
   */
  configureProcessOnly(cli: (args: string[]) => Promise<WinResult>, name: string, what: string): Promise<{line: string; words: string[]}>
  /** The line's words started as botocore starts them (CreateProcess, no shell), by the probe. */
  startAsBotocore(words: string[]): Promise<ProbeChild>
  /**
   * With the role credentials cached, the line started as botocore starts it answers as
   * credential_process must: exit 0, one JSON line of Version 1, nothing on stderr, not one request
   * to the emulator. Returns how long that took.
   */
  expectWarmAnswer(line: string): Promise<number>
  /**
   * The AWS SDK for Go v2 (Windows build) on a new profile holding only the line (for a profile with
   * sso_* keys it takes its own SSO route before credential_process): what it got, checked to come
   * from the line.
   */
  goSdkThroughLine(profile: string, line: string): Promise<{AccessKeyId: string; Source: string}>
  /** How many GetRoleCredentials the emulator has answered so far: tests take the difference. */
  roleCredentialCalls(): number
}

export const show = (what: string, r: WinResult) => `${what}: exit ${r.code} in ${r.ms} ms\nstdout: ${r.stdout}\nstderr: ${r.stderr}`

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is only there inside a hook or test of the describe that asked for it`)
  return value
}

/**
 * Registers the suite's hooks (the emulator, then Wine's prefix with node.exe and the probe, and a
 * Windows user of its own, removed after the suite; the suite is skipped without Wine) and returns a
 * live view. The describe's own `before`, registered after this call, runs after these.
 */
export function useWindowsSuite(): WindowsSuite {
  const ctx = useEmulator({autoApprove: true}, false)
  let win: undefined | WindowsEnv
  let user: undefined | WindowsUser
  before(function () {
    requireWine(this)
    win = prepareWindows()
    user = windowsUser(win)
  })
  after(() => user?.remove())

  const suite: WindowsSuite = {
    get emu() {
      return ctx.emu
    },
    get win() {
      return required(win, 'the Wine prefix')
    },
    get user() {
      return required(user, 'the Windows user')
    },
    path: [],
    run(program, args, path = suite.path) {
      const endpoints = {AWS_ENDPOINT_URL_SSO: ctx.emu.url, AWS_ENDPOINT_URL_SSO_OIDC: ctx.emu.url}
      return runWindows(suite.win, suite.user, program, args, {extraEnv: endpoints, path})
    },
    async configureProcessOnly(cli, name, what) {
      const r = await cli(['configure', 'profile', name, ...roleFlags('us-east-1'), '--process-only', '--non-interactive'])
      expect(r.code, show(what, r)).to.equal(0)
      const line = /^credential_process = (.*)$/m.exec(readFileSync(join(suite.user.profileDir, '.aws', 'config'), 'utf8'))![1]
      const [words] = botocoreWin32Split([line])
      return {line, words}
    },
    async startAsBotocore(words) {
      const r = await suite.run(suite.win.probe, ['botocore', ...words])
      expect(r.code, show('probe', r)).to.equal(0)
      return JSON.parse(r.stdout) as ProbeChild
    },
    async expectWarmAnswer(line) {
      const stats = ctx.emu.stats()
      const [words] = botocoreWin32Split([line])
      const child = await suite.startAsBotocore(words)
      expect(child.stderr, JSON.stringify(child)).to.equal('')
      expect(child.code).to.equal(0)
      expect(child.stdout.split('\n').filter(Boolean)).to.have.length(1)
      expect(JSON.parse(child.stdout)).to.include({Version: 1})
      expect(ctx.emu.stats()).to.deep.equal(stats)
      return child.ms
    },
    async goSdkThroughLine(profile, line) {
      appendFileSync(join(suite.user.profileDir, '.aws', 'config'), `\n[profile ${profile}]\ncredential_process = ${line}\n`)
      const r = await suite.run(suite.win.probe, ['sdk', profile])
      expect(r.code, show('Go SDK', r)).to.equal(0)
      const got = JSON.parse(r.stdout) as {AccessKeyId: string; Source: string}
      expect(got.Source).to.equal('ProcessProvider')
      return got
    },
    roleCredentialCalls: () => ctx.emu.stats().GetRoleCredentials ?? 0,
  }
  return suite
}
