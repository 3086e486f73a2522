import {expect} from 'chai'
import {mkdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {makeTempDir, removeDir, repoRoot} from '../support/cli.js'
import {describeRun, run} from '../support/run.js'

// What a TypeScript program sees: the package installed under node_modules, resolved through its
// `exports` to the shipped declarations, type-checked strictly as an ESM (nodenext) program.
const CONSUMER = `import {type AwsSsoCredentials, ExitCode, fromAwsSsoUtil, getToken, listRoles, type LoginPrompt, LoginRequiredError} from 'aws-sso-util'

const provider = fromAwsSsoUtil({
  profile: 'dev',
  onLogin(prompt: LoginPrompt) {
    const where: string = prompt.verificationUri
    const code: string | undefined = prompt.userCode
    console.log(where, code, prompt.expiresAt.toISOString(), prompt.flow === 'device-code')
  },
  signal: AbortSignal.timeout(1000),
})
const creds = await provider()
const expiration: Date | undefined = creds.expiration
const full: AwsSsoCredentials = await (await import('aws-sso-util')).getCredentials({accountId: '123456789012', roleName: 'ReadOnly', noLogin: true})
const exitCode: number = new LoginRequiredError('login').exitCode
const configuration: 2 = ExitCode.configuration
for await (const role of listRoles({ssoSession: 'my-sso'})) {
  const name: string = role.roleName
  console.log(name)
}

const token = await getToken({startUrl: 'https://d-1234567890.awsapps.com/start', region: 'us-east-1'})
console.log(expiration, full.accountId, exitCode, configuration, token.expiresAt.getTime())
// @ts-expect-error a misspelt option is a type error
fromAwsSsoUtil({profle: 'dev'})
`

describe('library: type declarations', function () {
  this.timeout(300_000)
  let dir: string

  before(() => {
    dir = makeTempDir('aws-sso-util-consumer-')
  })

  after(() => removeDir(dir))

  it('a strict TypeScript program type-checks against the package by name', async () => {
    mkdirSync(join(dir, 'node_modules'))
    symlinkSync(repoRoot, join(dir, 'node_modules', 'aws-sso-util'), 'dir')
    writeFileSync(join(dir, 'package.json'), JSON.stringify({name: 'consumer', private: true, type: 'module'}))
    writeFileSync(join(dir, 'main.ts'), CONSUMER)
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc')
    const args = [
      '--noEmit',
      '--strict',
      '--skipLibCheck',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--types',
      'node',
      '--typeRoots',
      join(repoRoot, 'node_modules', '@types'),
      'main.ts',
    ]
    const result = await run(process.execPath, [tsc, ...args], {cwd: dir, timeoutMs: 290_000})
    expect(result.code, describeRun('tsc', result)).to.equal(0)
  })
})
