import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {makeTempDir, removeDir, repoRoot} from '../support/cli.js'

const HOOKS = `import {appendFileSync} from 'node:fs'
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  appendFileSync(process.env.LOAD_LOG, result.url + '\\n')
  return result
}
`

// credential-process imports the token provider on every cache miss, and SDK clients spawn it
// often: the SDK, the browser launcher and the HTTP listener must load only when a login runs.
describe('auth entry load cost', () => {
  it('importing the token provider and the instance list loads no SDK, browser launcher or login flow', () => {
    const dir = makeTempDir()
    try {
      const hooks = join(dir, 'hooks.mjs')
      const register = join(dir, 'register.mjs')
      const log = join(dir, 'load.log')
      writeFileSync(hooks, HOOKS)
      writeFileSync(register, `import {register} from 'node:module'\nregister(${JSON.stringify(pathToFileURL(hooks).href)})\n`)
      const entry = (name: string) => JSON.stringify(pathToFileURL(join(repoRoot, 'dist', 'lib', 'auth', name)).href)
      execFileSync(process.execPath, ['--import', register, '-e', `await import(${entry('instances.js')}); await import(${entry('token-provider.js')})`], {
        env: {PATH: process.env.PATH, LOAD_LOG: log},
      })
      const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean)
      expect(loaded.some((u) => u.endsWith('/dist/lib/auth/token-provider.js'))).to.equal(true)
      const heavy = loaded.filter((u) =>
        /node_modules\/(@aws-sdk|@smithy|open)\/|^node:(http|https|net)$|\/auth\/(oidc-client|device-code|pkce|loopback|refresh|registration)\.js$/.test(u),
      )
      expect(heavy).to.deep.equal([])
    } finally {
      removeDir(dir)
    }
  })
})
