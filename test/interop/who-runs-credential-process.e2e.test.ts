import {expect} from 'chai'
import {chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {delimiter, join} from 'node:path'

import {cliEnv, makeTempDir, removeDir, repoRoot, runBin, runCli} from '../support/cli.js'
import {useEmulator} from '../support/fixtures.js'
import {buildGoClient} from '../support/go-client.js'
import {run} from '../support/run.js'
import {ACCOUNT_ID, emulatorEnv, issueToken, ROLE_NAME, SSO_REGION, START_URL, writeConfig, writeTokenFile} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'

/**
 * The table in docs/profile-shapes.md of which client runs credential_process for which profile
 * shape, checked against the real clients: each cell is what the client did here, observed
 * through a wrapper `aws-sso-util` on PATH that records every run.
 */
const CLIENTS = {
  'boto3 (botocore)': 'boto3',
  'AWS CLI v2': 'aws',
  'SDK for JavaScript v3, `fromIni`': 'v3-ini',
  'SDK for JavaScript v3, default chain (`AWS_PROFILE`)': 'v3-chain',
  'aws-sdk v2 (JavaScript), default chain (`AWS_PROFILE`)': 'v2-chain',
  'AWS SDK for Go v2, `LoadDefaultConfig` (`AWS_PROFILE`)': 'go',
} as const
type Client = (typeof CLIENTS)[keyof typeof CLIENTS]

const SHAPES = ['default', 'process-only'] as const
type Shape = (typeof SHAPES)[number]
type Variant = 'legacy' | 'session'

const clientScripts = join(repoRoot, 'test', 'interop', 'clients')

const DOC = join('docs', 'profile-shapes.md')

/** The table rows between the page's markers: first cell → the other cells. */
function docTable(): Map<string, string[]> {
  const page = readFileSync(join(repoRoot, DOC), 'utf8')
  const body = page.split('<!-- credential-process-table -->')[1]?.split('<!-- /credential-process-table -->')[0]
  if (!body) throw new Error(`${DOC} has no <!-- credential-process-table --> block`)
  const rows = body
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    )
  return new Map(rows.map(([client, ...cells]) => [client, cells]))
}

const homes: string[] = []

/** A HOME with `aws-sso-util` on its PATH as after an install, recording each run before it hands over. */
function makeHome(): string {
  const home = makeTempDir()
  homes.push(home)
  const bin = join(home, 'bin')
  mkdirSync(bin)
  writeFileSync(join(bin, 'aws-sso-util'), `#!/bin/sh\necho "$*" >> "$HOME/process-runs.log"\nexec "${process.execPath}" "${runBin}" "$@"\n`)
  chmodSync(join(bin, 'aws-sso-util'), 0o755)
  return home
}

describe('which client runs credential_process (the table in docs/profile-shapes.md, observed)', function () {
  this.timeout(300_000)
  let home: string
  let goClient: string
  const configs: Record<`${Shape}-${Variant}`, string> = {} as never

  const ctx = useEmulator({}, false)

  before(async function () {
    requireTools(this, ['python3-boto3', 'awscli', 'go-sdk-v2'])
    home = makeHome()
    goClient = await buildGoClient(home)
    const bin = join(home, 'bin')

    // The two shapes as `configure profile` writes them, each with an sso-session and as a legacy profile.
    const session = `[sso-session my-sso]\nsso_start_url = ${START_URL}\nsso_region = ${SSO_REGION}\n`
    for (const shape of SHAPES) {
      for (const variant of ['session', 'legacy'] as const) {
        writeConfig(home, variant === 'session' ? session : '')
        const instance = variant === 'session' ? ['--sso-session', 'my-sso'] : ['-u', START_URL, '--sso-region', SSO_REGION]
        const extra = shape === 'process-only' ? ['--process-only'] : []
        const args = ['configure', 'profile', 'dev', ...instance, '-a', ACCOUNT_ID, '-r', ROLE_NAME, '--region', 'us-east-1', '--non-interactive', ...extra]
        const r = await runCli(args, {home, env: {PATH: `${bin}${delimiter}${process.env.PATH}`}})
        expect(r.code, r.stderr).to.equal(0)
        configs[`${shape}-${variant}`] = readFileSync(join(home, '.aws', 'config'), 'utf8')
      }
    }
  })

  after(() => {
    for (const dir of homes) removeDir(dir)
  })

  it('the process-only profile has no sso_* key; the line carries the instance, account and role', () => {
    expect(configs['process-only-session']).to.equal(`[sso-session my-sso]
sso_start_url = ${START_URL}
sso_region = ${SSO_REGION}

[profile dev]
region = us-east-1
credential_process = aws-sso-util credential-process --profile dev --sso-session my-sso --account-id ${ACCOUNT_ID} --role-name ${ROLE_NAME}
`)
    expect(configs['process-only-legacy']).to.equal(`[profile dev]
region = us-east-1
credential_process = aws-sso-util credential-process --profile dev --sso-start-url ${START_URL} --sso-region ${SSO_REGION} --account-id ${ACCOUNT_ID} --role-name ${ROLE_NAME}
`)
  })

  /** Whether the client ran our process for profile `dev`, and what it printed. */
  async function observe(home: string, client: Client): Promise<{ran: boolean; code: null | number; stderr: string}> {
    const runs = join(home, 'process-runs.log')
    rmSync(runs, {force: true})
    const env = cliEnv(home, {
      ...emulatorEnv(ctx.emu),
      PATH: `${join(home, 'bin')}${delimiter}${process.env.PATH}`,
      AWS_PROFILE: 'dev',
      AWS_SDK_LOAD_CONFIG: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      TEST_SSO_ENDPOINT: ctx.emu.url,
      // Logged out, our process must fail at once rather than open a browser.
      AWS_SSO_CREDENTIAL_PROCESS_NO_LOGIN: 'true',
      // AWS CLI v2 cannot be pointed at the emulator's portal: its SSO calls fail fast here.
      HTTPS_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '127.0.0.1',
      PYTHONDONTWRITEBYTECODE: '1',
    })
    const [file, args] =
      client === 'boto3'
        ? ['python3', [join(clientScripts, 'botocore-credentials.py')]]
        : client === 'aws'
          ? ['/usr/bin/aws', ['configure', 'export-credentials', '--format', 'process']]
          : client === 'go'
            ? [goClient, []]
            : [process.execPath, [join(clientScripts, 'sdk-credentials.mjs'), client]]
    const r = await run(file, args, {env, timeoutMs: 60_000})
    return {ran: existsSync(runs), code: r.code, stderr: r.stderr}
  }

  /** The cells one client's row should have, observed in a HOME of its own. */
  async function observeRow(label: string, client: Client): Promise<string[][]> {
    const home = makeHome()
    const row: string[][] = []
    for (const shape of SHAPES) {
      const cells: string[] = []
      for (const variant of ['session', 'legacy'] as const) {
        writeConfig(home, configs[`${shape}-${variant}`])
        rmSync(join(home, '.aws', 'sso'), {force: true, recursive: true})
        rmSync(join(home, '.aws', 'cli'), {force: true, recursive: true})
        const loggedOut = await observe(home, client)
        writeTokenFile(home, variant === 'session' ? 'my-sso' : START_URL, await issueToken(ctx.emu))
        const loggedIn = await observe(home, client)
        if (loggedIn.ran) expect(loggedIn.code, `${label} ${shape} ${variant}: ${loggedIn.stderr}`).to.equal(0)
        const name = (o: {ran: boolean}) => (o.ran ? 'credential_process' : 'own SSO provider')
        cells.push(loggedIn.ran === loggedOut.ran ? name(loggedIn) : `${name(loggedIn)}; logged out: ${name(loggedOut)}`)
      }

      row.push(cells)
    }

    return row
  }

  it('each cell of the table is what the client does, logged in and logged out', async () => {
    const table = docTable()
    expect([...table.keys()]).to.deep.equal(Object.keys(CLIENTS))
    // One HOME per client, so the clients run side by side.
    const entries = Object.entries(CLIENTS)
    const rows = await Promise.all(entries.map(([label, client]) => observeRow(label, client)))
    for (const [i, [label]] of entries.entries()) {
      for (const [column, shape] of SHAPES.entries()) {
        // sso-session and legacy profiles behave alike, so one cell stands for both.
        const [session, legacy] = rows[i][column]
        expect(legacy, `${label}, ${shape} profile: legacy differs from sso-session`).to.equal(session)
        expect(table.get(label)![column], `${label}, ${shape} profile`).to.equal(session)
      }
    }
  })
})
