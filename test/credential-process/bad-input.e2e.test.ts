import {expect} from 'chai'
import {join} from 'node:path'

import {makeTempDir, removeDir, runCli, snapshotTree} from '../support/cli.js'
import {ACCOUNT_ID, legacyProfile, ROLE_NAME, START_URL, writeConfig} from '../support/sso.js'

/**
 * Each case: one clear line on stderr, the documented exit code, nothing on stdout, no file touched,
 * and no network call (the endpoints point at a closed port, which would give exit 5 instead).
 */
interface Case {
  name: string
  config?: string
  args: string[]
  env?: Record<string, string>
  code: number
  stderr: RegExp
}

const configPath = (home: string) => join(home, '.aws', 'config')
const cases = (home: string): Case[] => [
  {
    name: 'an unknown profile',
    config: legacyProfile(),
    args: ['--profile', 'nosuch'],
    code: 2,
    stderr: new RegExp(`^Profile "nosuch" was not found in ${configPath(home)}\\. .+\\n$`),
  },
  {
    name: 'a profile missing its role',
    config: legacyProfile().replace(`sso_role_name = ${ROLE_NAME}\n`, ''),
    args: ['--profile', 'my-sso-profile'],
    code: 2,
    stderr: new RegExp(`^Profile "my-sso-profile" is missing sso_role_name \\(looked in ${configPath(home)}, env and flags\\)\\.\\n$`),
  },
  {
    name: 'a profile whose sso_session names no section',
    config: `[profile dev]\nsso_session = gone\nsso_account_id = ${ACCOUNT_ID}\nsso_role_name = ${ROLE_NAME}\n`,
    args: ['--profile', 'dev'],
    code: 2,
    stderr: new RegExp(`^Profile "dev" names sso_session "gone", but ${configPath(home)} has no \\[sso-session gone\\] section\\.\\n$`),
  },
  {
    name: 'an http start URL',
    config: legacyProfile().replace(START_URL, 'http://d-0000000000.awsapps.com/start'),
    args: ['--profile', 'my-sso-profile'],
    code: 2,
    stderr: /^The start URL "http:\/\/d-0000000000\.awsapps\.com\/start" is not an https URL\. .+\n$/,
  },
  {
    name: 'an 11-digit account id from a flag',
    config: legacyProfile(),
    args: ['--profile', 'my-sso-profile', '--account-id', '12345678901'],
    code: 2,
    stderr: /^The account id "12345678901" is not 12 digits\. .+\n$/,
  },
  {
    name: 'a malformed region from env',
    config: legacyProfile(),
    args: ['--profile', 'my-sso-profile'],
    env: {AWS_SSO_REGION: 'useast1'},
    code: 2,
    stderr: /^"useast1" is not an AWS region\. .+\n$/,
  },
  {
    name: 'no profile and no settings',
    args: [],
    code: 2,
    stderr:
      /^Missing --sso-start-url \(or AWS_SSO_START_URL\), --sso-region \(or AWS_SSO_REGION\), --account-id \(or AWS_SSO_ACCOUNT_ID\), --role-name \(or AWS_SSO_ROLE_NAME\)\. .+\n$/,
  },
  {
    name: 'a profile and its sso-session disagreeing on the start URL',
    config: `[profile dev]\nsso_session = s\nsso_start_url = https://other.awsapps.com/start\nsso_account_id = ${ACCOUNT_ID}\nsso_role_name = ${ROLE_NAME}\n[sso-session s]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\n`,
    args: ['--profile', 'dev'],
    code: 2,
    stderr: /^Profile "dev" sets sso_start_url to "https:\/\/other\.awsapps\.com\/start" but its sso-session "s" says ".+"\. Remove it from the profile\.\n$/,
  },
]

for (const entry of ['run', 'oclif'] as const) {
  describe(`credential-process bad input (${entry === 'run' ? 'slim entry' : 'through oclif'})`, () => {
    let home: string

    beforeEach(() => {
      home = makeTempDir()
    })

    afterEach(() => removeDir(home))

    for (const c of cases('HOME')) {
      it(`rejects ${c.name}`, async () => {
        const actual = cases(home).find((x) => x.name === c.name)!
        if (actual.config) writeConfig(home, actual.config)
        const before = snapshotTree(home)
        const result = await runCli(['credential-process', ...actual.args], {
          home,
          entry,
          env: {AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:9', ...actual.env},
        })
        expect(result.stdout).to.equal('')
        expect(result.stderr).to.match(actual.stderr)
        expect(result.code).to.equal(actual.code)
        expect(snapshotTree(home)).to.deep.equal(before)
      })
    }
  })
}

describe('credential-process flags it does not know', () => {
  it('falls through to oclif, which names the flag, exits 2 and prints nothing on stdout', async () => {
    const home = makeTempDir()
    try {
      const result = await runCli(['credential-process', '--profle', 'x'], {home})
      expect(result.stdout).to.equal('')
      expect(result.code).to.equal(2)
      expect(result.stderr).to.contain('--profle')
    } finally {
      removeDir(home)
    }
  })
})
