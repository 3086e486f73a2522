import {fromProcess} from '@aws-sdk/credential-providers'
import {expect} from 'chai'
import {readFileSync, realpathSync, writeFileSync} from 'node:fs'
import {basename, delimiter, join} from 'node:path'

import {makeTempDir, removeDir} from '../support/cli.js'
import {profileValue, splitCommandLine} from '../support/command-line.js'
import {expectCompleteHelp} from '../support/help.js'
import {createHerokuHost, HEROKU_VERSION, type HerokuHost, installHeroku} from '../support/heroku-host.js'
import {type Manifest, packTarball, readManifest, readPackageJson} from '../support/package.js'
import {systemPath} from '../support/plugin-host.js'
import {runPython} from '../support/python.js'
import {describeRun} from '../support/run.js'
import {nonInteractiveProfileFlags} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'
import {writeWarmCache} from '../support/warm-cache.js'

const {version} = readPackageJson()

describe(`package: as a plugin of the Heroku CLI ${HEROKU_VERSION} (a real oclif host with its own login)`, function () {
  this.timeout(900_000)
  let dir: string
  let heroku: HerokuHost
  let manifest: Manifest

  before(async () => {
    const [{prefix, entry}, packed] = await Promise.all([installHeroku(), packTarball()])
    dir = makeTempDir('aws-sso-util-heroku-')
    heroku = await createHerokuHost(dir, entry, join(prefix, 'node_modules', '.bin'))
    const result = await heroku.run(['plugins:install', `file:${packed.tarball}`], {timeoutMs: 600_000})
    expect(result.code, describeRun('heroku plugins:install', result)).to.equal(0)
    expect(result.stderr).to.match(new RegExp(`installed v${version.replaceAll('.', String.raw`\.`)}\n`))
    manifest = readManifest(join(heroku.dataDir, 'node_modules', 'aws-sso-util'))
  })

  after(() => removeDir(dir))

  it('reaches every one of our commands under aws-sso: with its complete help', async () => {
    for (const id of Object.keys(manifest.commands)) {
      const result = await heroku.run([`aws-sso:${id}`, '--help'])
      expect(result.code, describeRun(`heroku aws-sso:${id} --help`, result)).to.equal(0)
      expectCompleteHelp(result.stdout, manifest, id, 'heroku', `aws-sso:${id}`)
    }
  })

  it("leaves Heroku's own login and logout untouched", async () => {
    for (const [command, summary] of [
      ['login', 'login with your Heroku credentials'],
      ['logout', 'clears local login credentials and invalidates API session'],
    ]) {
      const result = await heroku.run([command, '--help'])
      expect(result.code, describeRun(`heroku ${command} --help`, result)).to.equal(0)
      expect(result.stdout.split('\n')[0]).to.equal(summary)
      expect(result.stdout).to.contain(`USAGE\n  $ heroku ${command}`)
      expect(result.stdout).to.not.contain('IAM Identity Center')
    }
  })

  describe('configure profile (non-interactive) writes a line without the host', () => {
    let line: string
    let expected: {AccessKeyId: string; SecretAccessKey: string}
    let env: Record<string, string>

    before(async () => {
      const warm = writeWarmCache(heroku.home)
      const {AccessKeyId, SecretAccessKey} = JSON.parse(warm.expectedLine) as typeof expected
      expected = {AccessKeyId, SecretAccessKey}
      const configure = await heroku.run(['aws-sso:configure:profile', 'demo', ...nonInteractiveProfileFlags()])
      expect(configure.code, describeRun('heroku aws-sso:configure:profile', configure)).to.equal(0)
      const configFile = join(heroku.home, '.aws', 'config')
      line = profileValue(readFileSync(configFile, 'utf8'), 'demo', 'credential_process')!
      expect(line, 'credential_process of [profile demo]').to.be.a('string')
      // botocore would use its own SSO provider for [profile demo]; a profile with only the line makes every client run it.
      writeFileSync(configFile, `${readFileSync(configFile, 'utf8')}\n[profile via-line]\ncredential_process = ${line}\n`)
      // No Heroku on PATH, and any call to the portal would fail: the answer can only come from the warm cache.
      env = {
        HOME: heroku.home,
        AWS_CONFIG_FILE: configFile,
        AWS_SHARED_CREDENTIALS_FILE: join(heroku.home, '.aws', 'credentials'),
        AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9',
        PATH: systemPath().join(delimiter),
      }
    })

    it("runs the plugin's bin/run.js under an absolute node, not `heroku`", () => {
      const words = splitCommandLine(line)
      // Not `heroku …`, nor Heroku's own bin/run.js: the plugin's bin/run.js under node.
      expect(
        words.map((w) => basename(w)),
        line,
      ).to.not.include('heroku')
      const [node, runJs, ...rest] = words
      expect(node).to.equal(process.execPath)
      expect(realpathSync(runJs)).to.equal(realpathSync(join(heroku.dataDir, 'node_modules', 'aws-sso-util', 'bin', 'run.js')))
      expect(rest).to.deep.equal(['credential-process', '--profile', 'demo'])
    })

    it('boto3 runs the line and gets the credentials from the warm cache', async function () {
      requireTools(this, ['python3-boto3'])
      const boto3 = await runPython(
        '-c',
        ["import boto3; c = boto3.Session(profile_name='via-line').get_credentials().get_frozen_credentials(); print(c.access_key, c.secret_key)"],
        {env},
      )
      expect(boto3.status, boto3.stderr).to.equal(0)
      expect(boto3.stdout).to.equal(`${expected.AccessKeyId} ${expected.SecretAccessKey}\n`)
    })

    it('SDK v3 (fromProcess, through /bin/sh) runs the line and gets the credentials from the warm cache', async () => {
      // fromProcess runs the line with this process's environment.
      const saved = {...process.env}
      try {
        for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key]
        Object.assign(process.env, env)
        const creds = await fromProcess({profile: 'via-line'})()
        expect({AccessKeyId: creds.accessKeyId, SecretAccessKey: creds.secretAccessKey}).to.deep.equal(expected)
      } finally {
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
        Object.assign(process.env, saved)
      }
    })
  })
})
