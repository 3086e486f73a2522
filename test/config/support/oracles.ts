/**
 * The two real readers our files must satisfy: botocore (through python3) and SDK v3's
 * shared-ini loader. Both read files, so the helpers write text to a temporary directory.
 */
import {loadSharedConfigFiles} from '@smithy/core/config'
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const fixturesDir = join(here, '..', 'fixtures')

export type Sections = Record<string, Record<string, string>>

export interface BotocoreView {
  profiles: Sections
  sso_sessions: Sections
  services: Sections
}

export type BotocoreResult = {ok: false; error: string} | {ok: true; full: BotocoreView; scoped: Sections}

export class Scratch {
  readonly dir = mkdtempSync(join(tmpdir(), 'aws-config-test-'))
  private n = 0

  file(text: string, name = `config-${this.n++}`): string {
    const path = join(this.dir, name)
    writeFileSync(path, text)
    return path
  }

  cleanup(): void {
    rmSync(this.dir, {recursive: true, force: true})
  }
}

/** One python3 run for many files: botocore's import dominates the cost. */
export function botocoreRead(requests: Array<{path: string; profiles?: string[]}>): BotocoreResult[] {
  const run = spawnSync('python3', [join(here, 'botocore_dump.py')], {
    input: JSON.stringify(requests),
    encoding: 'utf8',
    env: {PATH: process.env.PATH, LANG: 'C.UTF-8', HOME: tmpdir()},
  })
  if (run.status !== 0) throw new Error(`botocore_dump.py failed: ${run.stderr}`)
  return JSON.parse(run.stdout) as BotocoreResult[]
}

export function botocoreReadTexts(texts: string[], scratch: Scratch): BotocoreResult[] {
  return botocoreRead(texts.map((t) => ({path: scratch.file(t)})))
}

/** SDK v3's view: profile names (and `sso-session.NAME`, `services.NAME`) to their keys. */
export async function sdkRead(path: string): Promise<Sections> {
  const {configFile} = await loadSharedConfigFiles({
    configFilepath: path,
    filepath: join(dirname(path), 'no-such-credentials-file'),
    ignoreCache: true,
  })
  return structuredClone(configFile) as Sections
}

/** Plain objects (our parser returns null-prototype maps) so chai's deep equality compares values only. */
export function plain<T>(value: T): T {
  return structuredClone(value)
}
