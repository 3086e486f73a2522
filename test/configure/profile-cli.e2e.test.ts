import {expect} from 'chai'
import {chmodSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {repoRoot} from '../support/cli.js'
import {configText, profileSection, ssoSessionSection} from '../support/configure-text.js'
import {pythonExe} from '../support/python.js'
import {run, describeRun} from '../support/run.js'
import {cli, sandbox, useSandbox} from '../support/sandbox.js'

const URL = 'https://d-1234567890.awsapps.com/start'
const FLAGS = ['-u', URL, '--sso-region', 'us-east-1', '-a', '123456789012', '-r', 'ReadOnly', '--region', 'eu-west-1']
const USAGE = (name: string) => `\nTo use this profile, specify the profile name using --profile, as shown:\n\naws s3 ls --profile ${name}\n`

// The hand-written [profile dev]: a comment, two keys, a nested block and a key configure sets.
const DEV_HEAD = ['[profile dev]', '# note: output = yaml is what I like']
const DEV_KEYS = ['output = yaml', 'cli_pager=']
const DEV_NESTED = ['s3 =', '    max_concurrent_requests = 20']

const HAND_WRITTEN = [
  '# my settings: hands off',
  '[default]',
  'region = us-west-2',
  '',
  ...DEV_HEAD,
  ...DEV_KEYS,
  ...DEV_NESTED,
  'sso_role_name = Old',
  '',
  '[profile other]',
  'region = ap-south-1',
  '',
].join('\n')

describe('configure profile (compiled CLI, non-interactive)', function () {
  this.timeout(120_000)
  const box = useSandbox()

  it('names every missing value in one stderr line, exits 2 and leaves the file byte-identical', async () => {
    box.writeConfig(HAND_WRITTEN)
    for (const args of [
      ['configure', 'profile', 'fresh'],
      ['configure', 'profile', 'fresh', '--non-interactive', '-a', '123456789012'],
    ]) {
      const r = await cli(args, box.env({AWS_DEFAULT_REGION: 'us-east-1'}))
      expect(r.code, describeRun('aws-sso-util', r)).to.equal(2)
      expect(r.stdout).to.equal('')
      const missing = args.includes('-a')
        ? 'Missing --sso-start-url (or AWS_CONFIGURE_SSO_DEFAULT_SSO_START_URL), --sso-region (or AWS_CONFIGURE_SSO_DEFAULT_SSO_REGION), --role-name'
        : 'Missing --sso-start-url (or AWS_CONFIGURE_SSO_DEFAULT_SSO_START_URL), --sso-region (or AWS_CONFIGURE_SSO_DEFAULT_SSO_REGION), --account-id, --role-name'
      expect(r.stderr).to.equal(
        `${missing} for profile "fresh"; nothing was written. Give them as flags, or run in a terminal without --non-interactive to choose.\n`,
      )
      expect(box.readConfig()).to.equal(HAND_WRITTEN)
    }
  })

  it('refuses profile names botocore cannot read back, and values with line breaks', async () => {
    box.writeConfig(HAND_WRITTEN)
    const cases: Array<[string[], string]> = [
      [[' my prof'], 'Invalid profile name " my prof": it contains whitespace.'],
      [['a[b]'], 'Invalid profile name "a[b]": it contains a square bracket.'],
      [['a\nb'], String.raw`Invalid profile name "a\nb": it contains a line break.`],
      [['dev', '-c', 'cli_pager=a\nb'], String.raw`Invalid value for cli_pager ("a\nb"): it contains a line break; config values must be a single line.`],
      [
        ['dev', '-c', 'cli_pager=x #y'],
        'Invalid value for cli_pager ("x #y"): the JavaScript SDK reads a # or ; at the start or after whitespace as a comment; remove that space or character.',
      ],
    ]
    for (const [extra, message] of cases) {
      const r = await cli(['configure', 'profile', ...extra, ...FLAGS], box.env())
      expect(r.code, describeRun('aws-sso-util', r)).to.equal(2)
      expect(r.stderr.split('\n')[0]).to.contain(message)
      expect(r.stderr.trimEnd().split('\n')).to.have.length(1)
      expect(box.readConfig()).to.equal(HAND_WRITTEN)
    }
  })

  it('writes a new profile after the others and keeps every other byte', async () => {
    box.writeConfig(HAND_WRITTEN)
    const r = await cli(['configure', 'profile', 'new', ...FLAGS, '-o', 'json', '-c', 'cli_pager=less', '-c', 'duration_seconds=3600'], box.env())
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    expect(r.stdout).to.equal(USAGE('new'))
    expect(r.stderr).to.equal('')
    const keys = {sso_start_url: URL, sso_region: 'us-east-1', sso_account_id: '123456789012', sso_role_name: 'ReadOnly', region: 'eu-west-1'}
    expect(box.readConfig()).to.equal(
      `${HAND_WRITTEN}\n${configText(profileSection('new', {...keys, output: 'json', cli_pager: 'less', duration_seconds: '3600'}))}`,
    )
  })

  it('--existing-config-action keep, overwrite and discard on a profile with comments and a nested block', async () => {
    // The role set in place, the other keys after the section's own, the command line last.
    const ours = [
      'sso_role_name = ReadOnly',
      `sso_start_url = ${URL}`,
      'sso_region = us-east-1',
      'sso_account_id = 123456789012',
      'region = eu-west-1',
      'credential_process = aws-sso-util credential-process --profile dev',
    ]
    const given = ['output = json', 'cli_pager = less']
    const expected = {
      keep: [...DEV_HEAD, ...DEV_KEYS, ...DEV_NESTED, ...ours],
      overwrite: [...DEV_HEAD, ...given, ...DEV_NESTED, ...ours],
      discard: [...DEV_HEAD, ...given, ...ours],
    }
    for (const action of ['keep', 'overwrite', 'discard'] as const) {
      box.writeConfig(HAND_WRITTEN)
      const r = await cli(['configure', 'profile', 'dev', ...FLAGS, '-c', 'output=json', '-c', 'cli_pager=less', '--existing-config-action', action], box.env())
      expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
      expect(box.readConfig(), action).to.equal(HAND_WRITTEN.replace(/\[profile dev][^[]*/, `${expected[action].join('\n')}\n\n`))
    }
  })

  it('--no-credential-process removes the line; AWS_SSO_CREDENTIAL_PROCESS_NAME replaces the command', async () => {
    let r = await cli(['configure', 'profile', 'dev', ...FLAGS], box.env({AWS_SSO_CREDENTIAL_PROCESS_NAME: '/opt/tools/my-helper creds'}))
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    expect(box.readConfig()).to.contain('\ncredential_process = /opt/tools/my-helper creds --profile dev\n')
    r = await cli(['configure', 'profile', 'dev', ...FLAGS, '--no-credential-process'], box.env())
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    expect(box.readConfig()).not.to.contain('credential_process')
    r = await cli(['configure', 'profile', 'dev', ...FLAGS], box.env({AWS_CONFIGURE_SSO_DISABLE_CREDENTIAL_PROCESS: 'true'}))
    expect(box.readConfig()).not.to.contain('credential_process')
    r = await cli(['configure', 'profile', 'dev', ...FLAGS, '--credential-process'], box.env({AWS_CONFIGURE_SSO_DISABLE_CREDENTIAL_PROCESS: 'true'}))
    expect(box.readConfig()).to.contain('credential_process = aws-sso-util credential-process --profile dev\n')
  })

  it('warns on stderr when aws-sso-util is not on PATH, and still writes', async () => {
    const bare = sandbox({shim: false})
    try {
      const r = await cli(['configure', 'profile', 'dev', ...FLAGS], bare.env({PATH: '/usr/bin:/bin'}))
      expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
      expect(r.stderr).to.equal(
        'Warning: aws-sso-util is not on PATH, so SDKs that run credential_process will fail until it is (or set AWS_SSO_CREDENTIAL_PROCESS_NAME).\n',
      )
    } finally {
      bare.remove()
    }
  })

  it('takes the start URL, SSO region and region from the env defaults', async () => {
    const r = await cli(
      ['configure', 'profile', 'dev', '-a', '123456789012', '-r', 'ReadOnly'],
      box.env({
        AWS_CONFIGURE_SSO_DEFAULT_SSO_START_URL: URL,
        AWS_DEFAULT_SSO_REGION: 'ca-central-1',
        AWS_CONFIGURE_DEFAULT_REGION: 'eu-north-1',
        AWS_DEFAULT_REGION: 'us-east-1',
      }),
    )
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    expect(box.readConfig()).to.equal(
      `[profile dev]\nsso_start_url = ${URL}\nsso_region = ca-central-1\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = eu-north-1\ncredential_process = aws-sso-util credential-process --profile dev\n`,
    )
  })

  it('regions: a malformed flag exits 2 naming it and writes nothing; an unknown well-formed one writes with a warning', async () => {
    box.writeConfig(HAND_WRITTEN)
    for (const [flag, value, line] of [
      ['--sso-region', 'xx-east-1', '"xx-east-1" is not an AWS region. Use a region code such as us-east-1 or eu-west-2.'],
      ['--region', 'euwest-1', '"euwest-1" is not an AWS region; did you mean eu-west-1? Use a region code such as us-east-1 or eu-west-2.'],
    ]) {
      const given = {'--sso-region': 'us-east-1', '--region': 'eu-west-1', [flag]: value}
      const args = ['configure', 'profile', 'fresh', '-u', URL, '-a', '123456789012', '-r', 'ReadOnly', ...Object.entries(given).flat()]
      const r = await cli(args, box.env())
      expect(r.code, describeRun('aws-sso-util', r)).to.equal(2)
      expect(r.stdout).to.equal('')
      expect(r.stderr).to.equal(`${line}\n`)
      expect(box.readConfig()).to.equal(HAND_WRITTEN)
    }

    const r = await cli(
      ['configure', 'profile', 'fresh', '-u', URL, '--sso-region', 'us-east-1', '-a', '123456789012', '-r', 'ReadOnly', '--region', 'us-east-11'],
      box.env(),
    )
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    expect(r.stderr).to.equal(
      'Warning: --region "us-east-11" is not a region aws-sso-util knows (did you mean us-east-1?); using it as given, in case it is newer than this release.\n',
    )
    expect(box.readConfig()).to.contain('[profile fresh]\n').and.contain('\nregion = us-east-11\n')
  })

  it('a bad start URL flag: one stderr line saying what is wrong with it, exit 2, nothing written', async () => {
    box.writeConfig(HAND_WRITTEN)
    const r = await cli(['configure', 'profile', 'fresh', ...FLAGS.slice(2), '-u', 'd-1234567890.awsapps.com/start'], box.env())
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(2)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.equal(
      'The start URL "d-1234567890.awsapps.com/start" does not start with https://. For example https://d-1234567890.awsapps.com/start.\n',
    )
    expect(box.readConfig()).to.equal(HAND_WRITTEN)
  })

  it('--sso-session writes the section, a second profile reuses it, a conflicting URL is refused', async () => {
    let r = await cli(['configure', 'profile', 'dev', ...FLAGS, '--sso-session', 'corp'], box.env())
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    r = await cli(['configure', 'profile', 'prod', '--sso-session', 'corp', '-a', '210987654321', '-r', 'Admin', '--region', 'us-east-1'], box.env())
    expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    const written = box.readConfig()
    expect(written).to.equal(
      configText(
        ssoSessionSection('corp', URL, 'us-east-1'),
        profileSection('dev', {sso_session: 'corp', sso_account_id: '123456789012', sso_role_name: 'ReadOnly', region: 'eu-west-1'}),
        profileSection('prod', {sso_session: 'corp', sso_account_id: '210987654321', sso_role_name: 'Admin', region: 'us-east-1'}),
      ),
    )
    r = await cli(
      ['configure', 'profile', 'x', '--sso-session', 'corp', '-u', 'https://other.awsapps.com/start', '-a', '123456789012', '-r', 'R', '--region', 'us-east-1'],
      box.env(),
    )
    expect(r.code).to.equal(2)
    expect(r.stderr).to.equal(
      `[sso-session corp] already has sso_start_url = ${URL}, not https://other.awsapps.com/start; leave --sso-start-url out or choose another --sso-session name.\n`,
    )
    expect(box.readConfig()).to.equal(written)
  })

  it('quotes the profile name so that botocore (shlex) and /bin/sh pass the same single argument', async () => {
    const names = ['a.b@c+d%e:f/g', '-dash', 'default', 'under_score-1']
    for (const name of names) {
      // `--` so that a name starting with a dash is not read as a flag.
      const r = await cli(['configure', 'profile', ...FLAGS, '--', name], box.env())
      expect(r.code, describeRun('aws-sso-util', r)).to.equal(0)
    }

    // botocore reads the file and splits the line as it does before running it.
    const script = [
      'import json, shlex, sys, botocore.session',
      'out = {}',
      'for name in sys.argv[1:]:',
      "    line = botocore.session.Session(profile=name).get_scoped_config()['credential_process']",
      '    out[name] = [line, shlex.split(line)]',
      'print(json.dumps(out))',
    ].join('\n')
    const py = await run(pythonExe(), ['-c', script, ...names], {env: box.env(), cwd: repoRoot})
    expect(py.code, describeRun('python3', py)).to.equal(0)
    const lines = JSON.parse(py.stdout) as Record<string, [string, string[]]>
    // An argument printer in place of aws-sso-util shows what /bin/sh passes.
    const printer = join(box.bin, 'aws-sso-util')
    writeFileSync(printer, `#!/bin/sh\n${JSON.stringify(process.execPath)} -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- "$@"\n`)
    chmodSync(printer, 0o755)
    for (const name of names) {
      const [line, shlexArgs] = lines[name]
      const profileArg = name.startsWith('-') ? [`--profile=${name}`] : ['--profile', name]
      expect(shlexArgs, name).to.deep.equal(['aws-sso-util', 'credential-process', ...profileArg])
      const sh = await run('/bin/sh', ['-c', line], {env: box.env(), cwd: repoRoot})
      expect(JSON.parse(sh.stdout), name).to.deep.equal(['credential-process', ...profileArg])
    }

    expect(box.readConfig()).to.contain('[default]\n')
  })
})
