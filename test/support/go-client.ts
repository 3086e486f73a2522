import {join} from 'node:path'

import {repoRoot} from './cli.js'
import {run} from './run.js'
import {GOPATH} from './system-tools.js'

/**
 * Builds test/interop/clients/go-credentials (a program using the AWS SDK for Go v2) into `dir`
 * and returns the binary's path. GOPATH mode, against Debian's packaged SDK: no module download.
 */
export async function buildGoClient(dir: string): Promise<string> {
  const out = join(dir, 'go-credentials')
  const r = await run('go', ['build', '-o', out, '.'], {
    cwd: join(repoRoot, 'test', 'interop', 'clients', 'go-credentials'),
    env: {...process.env, GO111MODULE: 'off', GOFLAGS: '', GOPATH, GOCACHE: join(dir, 'go-cache'), HOME: dir},
    timeoutMs: 300_000,
  })
  if (r.code !== 0) throw new Error(`go build failed (exit ${r.code}):\n${r.stderr}`)
  return out
}
