import {expect} from 'chai'
import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

import {installGlobal, type Packed, packTarball, readManifest, readPackageJson, repoRoot} from '../support/package.js'

/** Everything that may ship: what runs, the library's type declarations, and what npm always adds. */
const ALLOWED = [
  /^dist\/index\.d\.ts$/,
  /^dist\/lib\/.+\.d\.ts$/,
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE(\.md)?$/,
  /^CHANGELOG\.md$/,
  /^bin\/run\.js$/,
  /^bin\/package\.json$/,
  /^scripts\/prepare\.mjs$/,
  /^oclif\.manifest\.json$/,
  /^dist\/.+\.c?js$/,
]

/**
 * Budget for the tarball alone: 261 KiB (946 KiB unpacked) with role chaining, the Windows line and
 * the original's command lines, against 210 KiB before them (the README, 11 KiB now, was 85 KiB of
 * that); the dependencies npm installs are most of an install's size.
 */
const MAX_TARBALL_BYTES = 300 * 1024

function commandIdsIn(dir: string, prefix: string[] = []): string[] {
  const ids: string[] = []
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    if (entry.isDirectory()) ids.push(...commandIdsIn(join(dir, entry.name), [...prefix, entry.name]))
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const name = entry.name.slice(0, -3)
      ids.push([...prefix, ...(name === 'index' ? [] : [name])].join(':'))
    }
  }

  return ids.sort()
}

describe('package: npm pack', function () {
  this.timeout(300_000)
  let packed: Packed

  before(async () => {
    packed = await packTarball()
  })

  it("ships only what runs: bin/run.js, compiled JS, the manifest and the library's declarations; no sources, maps or tests", () => {
    const paths = packed.files.map((f) => f.path).sort()
    const unexpected = paths.filter((p) => !ALLOWED.some((re) => re.test(p)))
    expect(unexpected, 'files outside the allowed set').to.deep.equal([])
    expect(paths).to.include.members(['package.json', 'bin/run.js', 'oclif.manifest.json', 'dist/fast/credential-process.cjs', 'bin/package.json'])
    expect(paths.filter((p) => /(^|\/)(test|src)\//.test(p))).to.deep.equal([])
    // The declarations of the library's public face ship; the commands' do not.
    expect(paths).to.include('dist/index.d.ts')
    expect(paths.filter((p) => /^dist\/(commands|fast)\/.*\.d\.ts$|^dist\/base-command\.d\.ts$/.test(p))).to.deep.equal([])
  })

  it('has a compiled command for every command source, and nothing else under dist/commands', () => {
    const expected = commandIdsIn(join(repoRoot, 'src', 'commands')).map((id) => `dist/commands/${id.replaceAll(':', '/')}.js`)
    const shipped = packed.files
      .map((f) => f.path)
      .filter((p) => p.startsWith('dist/commands/'))
      .map((p) => p.replace(/\/index\.js$/, '.js'))
      .sort()
    expect(shipped).to.deep.equal(expected.sort())
  })

  it('generates oclif.manifest.json while packing, current for this version and these commands, and removes it afterwards', () => {
    expect(existsSync(join(packed.stageDir, 'oclif.manifest.json')), 'postpack leaves no manifest behind').to.equal(false)
    expect(existsSync(join(packed.stageDir, 'dist', 'commands')), 'prepack built dist/').to.equal(true)
  })

  it('the manifest in the tarball lists exactly the commands in src/commands, at the package version', async () => {
    const {packageDir} = await installGlobal()
    const manifest = readManifest(packageDir)
    expect(manifest.version).to.equal(readPackageJson().version)
    expect(Object.keys(manifest.commands).sort()).to.deep.equal(commandIdsIn(join(repoRoot, 'src', 'commands')))
    for (const command of Object.values(manifest.commands)) {
      expect(command.relativePath?.[0], `${command.id} loads from dist/`).to.equal('dist')
    }
  })

  it('gives every command in the manifest its hidden aws-sso: alias, so a host that shadows the name still reaches it', async () => {
    const {packageDir} = await installGlobal()
    const manifest = readManifest(packageDir)
    expect(Object.keys(manifest.commands)).to.not.be.empty
    for (const [id, command] of Object.entries(manifest.commands)) {
      expect(command.hiddenAliases, id).to.include(`aws-sso:${id}`)
      expect(command.aliases ?? [], `${id} has no visible aws-sso alias to clutter standalone help`).to.not.include(`aws-sso:${id}`)
    }
  })

  it(`stays under ${MAX_TARBALL_BYTES / 1024} KiB packed`, () => {
    expect(packed.size).to.be.greaterThan(0)
    expect(packed.size).to.be.at.most(MAX_TARBALL_BYTES)
  })

  it('the checkout holds no oclif.manifest.json, so no test runs against a stale one', () => {
    expect(existsSync(join(repoRoot, 'oclif.manifest.json'))).to.equal(false)
  })
})
