import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {cliEnv, repoRoot, runBin} from '../support/cli.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {ACCOUNT_ID, emulatorEnv, issueToken, legacyProfile, ROLE_NAME, START_URL, writeTokenFile} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'
import {TmuxPane} from '../support/tmux.js'
import {describeCli, everydayCli, expectRefused} from './support.js'

const node = process.execPath

describe('exec / run-as (compiled CLI against the emulator)', function () {
  this.timeout(180_000)
  const ctx = useEmulatorHome({scope: 'suite', config: legacyProfile().replace(/^region = us-east-1$/m, 'region = eu-west-3')})
  const cli = everydayCli(
    () => ctx.emu,
    () => ctx.home,
  )
  const exec = (args: string[], options: {env?: Record<string, string | undefined>; input?: string} = {}) =>
    cli(['exec', '--profile', 'my-sso-profile', ...args], options)
  // run-as and exec with no profile: the instance and the role on the command line.
  const instance = ['--sso-start-url', START_URL, '--sso-region', 'us-east-1']
  const role = ['-a', ACCOUNT_ID, '-r', ROLE_NAME]

  before(async () => {
    writeTokenFile(ctx.home, START_URL, await issueToken(ctx.emu))
  })

  it('gives the command the credentials and region, removes AWS_PROFILE, and fetches once for many runs', async () => {
    const show =
      'const e=process.env;console.log(JSON.stringify({id:e.AWS_ACCESS_KEY_ID,exp:e.AWS_CREDENTIAL_EXPIRATION,r:e.AWS_REGION,dr:e.AWS_DEFAULT_REGION,p:e.AWS_PROFILE??null,dp:e.AWS_DEFAULT_PROFILE??null,tok:Boolean(e.AWS_SESSION_TOKEN&&e.AWS_SECRET_ACCESS_KEY)}))'
    const before = ctx.emu.stats().GetRoleCredentials ?? 0
    const first = await exec(['--', node, '-e', show], {env: {AWS_PROFILE: 'other', AWS_DEFAULT_PROFILE: 'other', AWS_ACCESS_KEY_ID: 'AKIAOLD'}})
    expect(first.code, describeCli(first)).to.equal(0)
    expect(first.stderr).to.equal('')
    const seen = JSON.parse(first.stdout)
    expect(seen).to.include({r: 'eu-west-3', dr: 'eu-west-3', p: null, dp: null, tok: true})
    expect(seen.id).to.match(/^ASIA/)
    expect(seen.exp).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    const second = await exec(['--region', 'ap-south-1', '--', node, '-e', show])
    expect(JSON.parse(second.stdout)).to.include({id: seen.id, r: 'ap-south-1', dr: 'ap-south-1'})
    expect((ctx.emu.stats().GetRoleCredentials ?? 0) - before, 'the second run is served from the shared cache').to.equal(1)
  })

  it("the exit code is the command's", async () => {
    for (const code of [0, 1, 3, 42, 255]) {
      const r = await exec(['--', node, '-e', `process.exit(${code})`])
      expect(r.code, describeCli(r)).to.equal(code)
    }
  })

  it('run-as with -a and -r, and the arguments reach the command untouched (no shell)', async () => {
    const r = await cli([
      'run-as',
      ...instance,
      ...role,
      '--',
      node,
      '-e',
      'console.log(JSON.stringify(process.argv.slice(1)))',
      '$HOME',
      '*',
      'a b',
      '--profile',
    ])
    expect(r.code, describeCli(r)).to.equal(0)
    expect(JSON.parse(r.stdout)).to.deep.equal(['$HOME', '*', 'a b', '--profile'])
  })

  describe("issue 23: run-as in the original's documented form: every word after the command's first is the command's", () => {
    // The migration cases name the start URL with the short -u.
    const runAsShort = ['run-as', '-u', START_URL, '--sso-region', 'us-east-1', ...role]

    it('run-as.md: `run-as --sso-start-url U --sso-region R --account A --role-name R --region X aws sts get-caller-identity --output yaml`', async function () {
      requireTools(this, ['awscli'])
      // --endpoint-url only because AWS CLI 2.9 ignores AWS_ENDPOINT_URL_STS; it is one more word of the command.
      const r = await cli(
        [
          'run-as',
          ...instance,
          '--account',
          ACCOUNT_ID,
          '--role-name',
          ROLE_NAME,
          '--region',
          'us-west-2',
          '/usr/bin/aws',
          'sts',
          'get-caller-identity',
          '--output',
          'yaml',
          '--endpoint-url',
          ctx.emu.url,
        ],
        {env: {AWS_CONFIG_FILE: join(ctx.home, 'no-config'), AWS_PAGER: ''}},
      )
      expect(r.code, describeCli(r)).to.equal(0)
      expect(r.stdout).to.match(
        new RegExp(`^Account: '${ACCOUNT_ID}'\nArn: arn:aws:sts::${ACCOUNT_ID}:assumed-role/${ROLE_NAME}/user@example.com\nUserId: \\S+\n$`),
      )
    })

    it("migration #97: `run-as -u U --sso-region R -a A -r R python3 -c 'print(1)'`", async () => {
      const r = await cli([...runAsShort, 'python3', '-c', 'print(1)'])
      expect(r.code, describeCli(r)).to.equal(0)
      expect(r.stdout).to.equal('1\n')
    })

    it('migration #96: the same with -- before the command, and --region for it; the exit code passes through', async () => {
      const r = await cli([...runAsShort, '--region', 'eu-west-1', '--', node, '-e', 'console.log(process.env.AWS_REGION); process.exit(7)'])
      expect(r.code, describeCli(r)).to.equal(7)
      expect(r.stdout).to.equal('eu-west-1\n')
    })

    it("options of ours after the command, --, = forms and attached values are the command's; ours before it are parsed", async () => {
      const show = 'import json, os, sys; print(json.dumps([os.environ["AWS_REGION"], *sys.argv[1:]]))'
      const words = ['--output', 'yaml', '-a', '1', '--profile', 'x', '--region=mars', '--', '-r', '--debug']
      const r = await cli(['exec', '--region=ap-south-1', '-a' + ACCOUNT_ID, '-r', ROLE_NAME, ...instance, 'python3', '-c', show, ...words])
      expect(r.code, describeCli(r)).to.equal(0)
      expect(JSON.parse(r.stdout)).to.deep.equal(['ap-south-1', ...words])
    })

    it('an unknown option before the command is still refused, naming it', async () => {
      const r = await cli(['exec', '--profile', 'my-sso-profile', '--output', 'yaml', 'true'])
      expect(r.code, describeCli(r)).to.equal(2)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.match(/--output/)
    })
  })

  describe("issue 24: exec with no command starts the user's shell with the credentials", () => {
    for (const args of [[], ['--']]) {
      it(`\`exec --profile P${args.length > 0 ? ' --' : ''}\`: $SHELL runs with the credentials, stderr names the role, its exit code is exec's`, async () => {
        const input = 'echo "$AWS_SSO_UTIL_EXEC $AWS_REGION" "$(printf %.4s "$AWS_ACCESS_KEY_ID")"\nexit 3\n'
        const r = await exec(args, {env: {SHELL: '/bin/sh'}, input})
        expect(r.code, describeCli(r)).to.equal(3)
        expect(r.stdout).to.equal('my-sso-profile eu-west-3 ASIA\n')
        expect(r.stderr).to.equal(
          `Starting /bin/sh with the credentials of my-sso-profile (account ${ACCOUNT_ID}, role ${ROLE_NAME}); exit the shell to drop them.\n`,
        )
      })
    }

    it('with SHELL unset it starts /bin/sh', async () => {
      const r = await exec([], {env: {SHELL: undefined}, input: 'echo "$AWS_SSO_UTIL_EXEC"\n'})
      expect(r.code, describeCli(r)).to.equal(0)
      expect(r.stdout).to.equal('my-sso-profile\n')
      expect(r.stderr).to.match(/^Starting \/bin\/sh with the credentials of my-sso-profile /)
    })
  })

  it('stdin reaches the command', async () => {
    const input = 'line one\nline two with ünïcode\n'.repeat(2000)
    const r = await exec(['--', node, '-e', 'process.stdin.pipe(process.stdout)'], {input})
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout).to.equal(input)
  })

  function spawnExec(script: string): {child: ReturnType<typeof spawn>; output: Promise<{code: null | number; signal: NodeJS.Signals | null; stdout: string}>} {
    // Detached: a session of its own with no terminal, so a signal the test sends reaches exec alone,
    // even when the tests themselves run in a terminal's foreground.
    const child = spawn(node, [runBin, 'exec', '--profile', 'my-sso-profile', '--', node, '-e', script], {
      env: cliEnv(ctx.home, emulatorEnv(ctx.emu)),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let stdout = ''
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d
    })
    const output = new Promise<{code: null | number; signal: NodeJS.Signals | null; stdout: string}>((resolve) => {
      child.on('close', (code, signal) => resolve({code, signal, stdout}))
    })
    return {child, output}
  }

  async function waitFor(get: () => string, text: string): Promise<void> {
    const deadline = Date.now() + 60_000
    while (!get().includes(text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(text)}; got ${JSON.stringify(get())}`)
      await new Promise((r) => {
        setTimeout(r, 50)
      })
    }
  }

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGUSR1'] as const) {
    it(`${signal} sent to exec reaches the command, which decides how it ends`, async () => {
      let seen = ''
      const {child, output} = spawnExec(
        `process.on('${signal}', () => { console.log('got ${signal}'); process.exit(7) }); console.log('ready'); setInterval(() => {}, 1000)`,
      )
      child.stdout!.on('data', (d: Buffer | string) => {
        seen += String(d)
      })
      await waitFor(() => seen, 'ready')
      child.kill(signal)
      const result = await output
      expect(result.stdout).to.equal(`ready\ngot ${signal}\n`)
      expect(result.code).to.equal(7)
    })
  }

  it('a command killed by a signal makes exec end by the same signal', async () => {
    let seen = ''
    const {child, output} = spawnExec(`console.log('ready'); setInterval(() => {}, 1000)`)
    child.stdout!.on('data', (d: Buffer | string) => {
      seen += String(d)
    })
    await waitFor(() => seen, 'ready')
    child.kill('SIGTERM')
    const result = await output
    expect(result.signal).to.equal('SIGTERM')
  })

  describe('in a terminal (tmux): the keys reach the command once, a kill sent to exec alone reaches it too', () => {
    let pane: TmuxPane | undefined
    let log: string

    before(function () {
      requireTools(this, ['tmux'])
    })

    afterEach(() => {
      pane?.kill()
      pane = undefined
    })

    /** Starts exec in a terminal with a command that logs every signal it gets; returns exec's pid. */
    async function startInTerminal(): Promise<number> {
      log = join(ctx.home, `signals-${Date.now()}.log`)
      const script = join(ctx.home, 'count-signals.js')
      writeFileSync(
        script,
        `const {appendFileSync} = require('node:fs')
const note = (line) => appendFileSync(process.argv[2], line + '\\n')
const seen = {}
for (const name of ['SIGINT', 'SIGQUIT', 'SIGHUP']) process.on(name, () => note(name + ' ' + (seen[name] = (seen[name] ?? 0) + 1)))
process.on('SIGTERM', () => { note('SIGTERM'); process.exit(7) })
note('ready ' + process.ppid)
setInterval(() => {}, 1000)
`,
      )
      const env: Record<string, string> = {TERM: 'xterm'}
      for (const [k, v] of Object.entries(cliEnv(ctx.home, emulatorEnv(ctx.emu)))) if (v !== undefined) env[k] = v
      pane = new TmuxPane([node, runBin, 'exec', '--profile', 'my-sso-profile', '--', node, script, log], env, ctx.home)
      await waitFor(() => (existsSync(log) ? readFileSync(log, 'utf8') : ''), 'ready ')
      return Number(/^ready (\d+)$/m.exec(readFileSync(log, 'utf8'))![1])
    }

    const settle = () =>
      new Promise((r) => {
        setTimeout(r, 700)
      })

    it(String.raw`EX26: each Ctrl-C and each Ctrl-\ reaches the command exactly once, and exec keeps waiting for it`, async () => {
      await startInTerminal()
      // Three of each: a copy passed on by exec can merge with the terminal's own while the command
      // has not yet taken it, so one key alone does not always show the second copy.
      for (const n of [1, 2, 3]) {
        pane!.press('C-c')
        await waitFor(() => readFileSync(log, 'utf8'), `SIGINT ${n}`)
        await settle()
      }

      for (const n of [1, 2, 3]) {
        pane!.press('C-\\')
        await waitFor(() => readFileSync(log, 'utf8'), `SIGQUIT ${n}`)
        await settle()
      }

      expect(readFileSync(log, 'utf8').split('\n').slice(1)).to.deep.equal(['SIGINT 1', 'SIGINT 2', 'SIGINT 3', 'SIGQUIT 1', 'SIGQUIT 2', 'SIGQUIT 3', ''])
      expect(pane!.screen()).not.to.contain('EXIT=')
    })

    it("EX26: SIGTERM and SIGHUP sent to exec alone reach the command once; its exit code is exec's", async () => {
      const execPid = await startInTerminal()
      process.kill(execPid, 'SIGHUP')
      await waitFor(() => readFileSync(log, 'utf8'), 'SIGHUP 1')
      process.kill(execPid, 'SIGTERM')
      await pane!.waitFor(/^EXIT=7$/m)
      expect(readFileSync(log, 'utf8').split('\n').slice(1)).to.deep.equal(['SIGHUP 1', 'SIGTERM', ''])
    })
  })

  it('boto3 as the command calls STS with the credentials', async function () {
    requireTools(this, ['python3-boto3'])
    const script = 'import boto3; i = boto3.client("sts").get_caller_identity(); print(i["Account"], i["Arn"])'
    const r = await exec(['--', 'python3', '-c', script], {env: {PYTHONDONTWRITEBYTECODE: '1'}})
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout).to.equal(`${ACCOUNT_ID} arn:aws:sts::${ACCOUNT_ID}:assumed-role/${ROLE_NAME}/user@example.com\n`)
  })

  it('SDK v3 as the command calls STS with the credentials', async () => {
    const script = join(ctx.home, 'sdk-child.mjs')
    writeFileSync(
      script,
      `import {createRequire} from 'node:module'
const require = createRequire(${JSON.stringify(join(repoRoot, 'package.json'))})
const {STSClient, GetCallerIdentityCommand} = require('@aws-sdk/client-sts')
const out = await new STSClient({}).send(new GetCallerIdentityCommand({}))
console.log(out.Account, out.Arn, process.env.AWS_REGION)
`,
    )
    const r = await exec(['--', node, script])
    expect(r.code, describeCli(r)).to.equal(0)
    expect(r.stdout).to.equal(`${ACCOUNT_ID} arn:aws:sts::${ACCOUNT_ID}:assumed-role/${ROLE_NAME}/user@example.com eu-west-3\n`)
  })

  it('refuses to nest inside another exec unless --force', async () => {
    const inner = ['exec', '--profile', 'my-sso-profile', '--', node, '-e', 'console.log("inner")']
    const r = await exec(['--', node, runBin, ...inner])
    expect(r.code, describeCli(r)).to.equal(2)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal('This shell already has credentials from `aws-sso-util exec` (my-sso-profile); exit it first, or pass --force to replace them.\n')
    const forced = await exec(['--', node, runBin, ...inner.slice(0, 3), '--force', ...inner.slice(3)])
    expect(forced.code, describeCli(forced)).to.equal(0)
    expect(forced.stdout).to.equal('inner\n')
  })

  it('a command that does not exist: exit 127 and one line', async () => {
    const r = await exec(['--', 'no-such-command-here'])
    expect(r.code).to.equal(127)
    expect(r.stderr).to.equal('no-such-command-here: command not found (not on PATH, and exec runs no shell).\n')
  })

  describe('bad input: one line, exit 2, nothing on stdout, nothing run or written', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--profile', 'my-sso-profile', '--region', 'mars-1', '--', 'touch', 'ran'], /^"mars-1" is not an AWS region\. .+\n$/],
      [['--profile', 'nosuch', '--', 'touch', 'ran'], /^Profile "nosuch" was not found in .+\n$/],
      [['--profile', 'my-sso-profile', '-a', '42', '--', 'touch', 'ran'], /^The account id "42" is not 12 digits\. .+\n$/],
      [['--profile', 'my-sso-profile', '-r', 'bad role', '--', 'touch', 'ran'], /^"bad role" is not a valid role name\. .+\n$/],
      [['--profile'], /^Flag --profile expects a value\n$/],
    ]
    for (const [args, stderr] of cases) {
      it(args.join(' '), async () => {
        await expectRefused(ctx.home, stderr, () => cli(['exec', ...args]))
      })
    }
  })
})
