/**
 * The slim entry for `aws-sso-util credential-process`: a slim argument parser and the shared
 * lib, no oclif. It returns false for anything it does not fully understand (help, unknown or
 * malformed flags) so that oclif answers those and help and errors look the same everywhere.
 */
import {listenForInterrupts} from '../interrupts.js'
import {processIo, runCredentialProcess} from '../lib/credential-process.js'
import {credentialSettings} from '../lib/settings.js'
import {parseSlimArgs} from './slim-args.js'

const s = credentialSettings
const stringFlags = [s.profile, s.ssoSession, s.startUrl, s.region, s.accountId, s.roleName]
const booleanFlags = [s.forceRefresh, s.noLogin, s.debug]

const stringNames = new Set(stringFlags.flatMap((spec) => ['aliases' in spec ? spec.aliases : [], spec.flag].flat()))
const booleanNames = new Set(booleanFlags.map((spec) => spec.flag))

export async function runFast(argv: string[]): Promise<boolean> {
  const values = parseSlimArgs(argv, stringNames, booleanNames)
  if (values === undefined) return false

  const text = (flag: string) => {
    const value = values[flag]
    return typeof value === 'string' ? value : undefined
  }

  const setting = (spec: (typeof stringFlags)[number]) =>
    text(spec.flag) ?? ('aliases' in spec ? spec.aliases.map((alias) => text(alias)).find((v) => v !== undefined) : undefined)

  // An empty value (`--profile=`) is a mistake oclif explains better.
  for (const spec of stringFlags) if (setting(spec) === '') return false
  const interrupts = listenForInterrupts()
  const code = await runCredentialProcess(
    {
      profile: setting(s.profile),
      ssoSession: setting(s.ssoSession),
      startUrl: setting(s.startUrl),
      region: setting(s.region),
      accountId: setting(s.accountId),
      roleName: setting(s.roleName),
      forceRefresh: Boolean(values[s.forceRefresh.flag]),
      noLogin: Boolean(values[s.noLogin.flag]),
      debug: Boolean(values[s.debug.flag]),
    },
    await processIo(interrupts.signal),
  ).finally(() => interrupts.dispose())
  process.exitCode = code
  return true
}
