import {expect} from 'chai'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {makeTempDir, removeDir} from '../support/cli.js'
import {repoRoot} from '../support/package.js'
import {cleanEnv, describeRun, run} from '../support/run.js'

const START = '<!-- commands -->'
const STOP = '<!-- commandsstop -->'
const generator = join(repoRoot, 'scripts', 'readme-commands.mjs')

const generate = (args: string[] = []) => run(process.execPath, [generator, ...args], {cwd: repoRoot, env: cleanEnv(), timeoutMs: 60_000})

function commandIds(dir: string, prefix: string[] = []): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) =>
    entry.isDirectory()
      ? commandIds(join(dir, entry.name), [...prefix, entry.name])
      : entry.name.endsWith('.ts')
        ? [[...prefix, entry.name.replace(/\.ts$/, '')].filter((w) => w !== 'index').join(' ')]
        : [],
  )
}

describe('README command reference', () => {
  let reference: string

  before(async () => {
    const result = await generate()
    expect(result.code, describeRun('readme-commands', result)).to.equal(0)
    reference = result.stdout
  })

  it('documents every command with its usage, flags and examples', () => {
    for (const id of commandIds(join(repoRoot, 'src', 'commands'))) {
      expect(reference, id).to.contain(`\n## aws-sso-util ${id}\n`)
      expect(reference, id).to.contain(`USAGE\n  $ aws-sso-util ${id}`)
    }

    expect(reference.match(/^EXAMPLES$/gm)?.length).to.equal(commandIds(join(repoRoot, 'src', 'commands')).length)
    expect(reference).to.contain('[env: AWS_SSO_START_URL]')
    expect(reference).to.contain('[config: sso_start_url]')
  })

  it('is the same in README.md between the markers (regenerate: node scripts/readme-commands.mjs --write)', () => {
    const readmePath = join(repoRoot, 'README.md')
    expect(existsSync(readmePath), 'README.md exists').to.equal(true)
    const readme = readFileSync(readmePath, 'utf8').replaceAll('\r\n', '\n')
    const start = readme.indexOf(START)
    const stop = readme.indexOf(STOP)
    expect(start, `README.md has ${START}`).to.not.equal(-1)
    expect(stop, `README.md has ${STOP} after ${START}`).to.be.greaterThan(start)
    expect(readme.slice(start + START.length + 1, stop)).to.equal(reference)
  })

  describe('--check and --write', () => {
    let dir: string

    beforeEach(() => {
      dir = makeTempDir('aws-sso-util-readme-')
    })

    afterEach(() => removeDir(dir))

    it('--check fails on a stale reference; --write replaces only the text between the markers', async () => {
      const file = join(dir, 'README.md')
      writeFileSync(file, `# Title\r\n\r\n${START}\r\n## aws-sso-util old-command\r\n${STOP}\r\n\r\nAfter.\r\n`)
      const stale = await generate(['--check', '--readme', file])
      expect(stale.code).to.equal(1)
      expect(stale.stderr).to.equal('README.md command reference is out of date: run node scripts/readme-commands.mjs --write\n')

      const write = await generate(['--write', '--readme', file])
      expect(write.code, describeRun('--write', write)).to.equal(0)
      expect(readFileSync(file, 'utf8')).to.equal(`# Title\n\n${START}\n${reference}${STOP}\n\nAfter.\n`)
      const fresh = await generate(['--check', '--readme', file])
      expect(fresh.code, describeRun('--check', fresh)).to.equal(0)
    })

    it('--check names missing markers', async () => {
      const file = join(dir, 'README.md')
      writeFileSync(file, '# Title\n')
      const result = await generate(['--check', '--readme', file])
      expect(result.code).to.equal(1)
      expect(result.stderr).to.equal(`README.md has no ${START} … ${STOP} markers\n`)
    })
  })
})
