import {expect} from 'chai'
import {copyFileSync, existsSync, lstatSync, mkdirSync, readlinkSync, realpathSync} from 'node:fs'
import {delimiter, dirname, join} from 'node:path'

import {makeTempDir, removeDir} from '../support/cli.js'
import {packTarball, readPackageJson, repoRoot} from '../support/package.js'
import {systemPath} from '../support/plugin-host.js'
import {cleanEnv, describeRun, npm, run, type RunResult} from '../support/run.js'
import {requireTools} from '../support/system-tools.js'
import {writeWarmCache} from '../support/warm-cache.js'

/**
 * The README's install from a git URL and from a clone, before the package is on the registry.
 * `npm install -g <git URL>` itself cannot work for a package that builds (npm/cli#6984, #8440:
 * the dependency install inside the clone runs as a global install too), so the README packs first.
 */
describe('package: install from a git URL and from a clone, into fresh prefixes', function () {
  this.timeout(600_000)
  const pkg = readPackageJson()
  const tarballName = `${pkg.name}-${pkg.version}.tgz`
  let work: string
  let repo: string

  const git = async (args: string[], cwd: string): Promise<void> => {
    const result = await run('git', args, {
      cwd,
      env: cleanEnv({GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.com'}),
      timeoutMs: 60_000,
    })
    if (result.code !== 0) throw new Error(describeRun(`git ${args.join(' ')}`, result))
  }

  const npmIn = (args: string[], cwd: string): Promise<RunResult> =>
    npm([...args, '--no-audit', '--no-fund', '--prefer-offline'], {cwd, env: cleanEnv(), timeoutMs: 480_000})

  /** What a user's shell finds: the prefix's bin first, then this Node, never the checkout's tools. */
  const runInstalled = (prefix: string, home: string, args: string[]): Promise<RunResult> =>
    run(join(prefix, 'bin', 'aws-sso-util'), args, {
      cwd: home,
      env: cleanEnv({
        HOME: home,
        AWS_CONFIG_FILE: join(home, '.aws', 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
        PATH: [join(prefix, 'bin'), dirname(process.execPath), ...systemPath()].join(delimiter),
      }),
      timeoutMs: 60_000,
    })

  async function expectWorkingInstall(prefix: string): Promise<void> {
    const home = makeTempDir('aws-sso-util-source-home-')
    try {
      const version = await runInstalled(prefix, home, ['--version'])
      expect(version.code, describeRun('--version', version)).to.equal(0)
      expect(version.stdout).to.equal(`${pkg.version}\n`)
      // A command class from dist/ and the bundled hot path both load from the install.
      const help = await runInstalled(prefix, home, ['configure', 'profile', '--help'])
      expect(help.code, describeRun('configure profile --help', help)).to.equal(0)
      expect(help.stdout).to.contain('USAGE\n  $ aws-sso-util configure profile')
      const warm = writeWarmCache(home)
      const creds = await runInstalled(prefix, home, ['credential-process', '--profile', warm.profile])
      expect(creds.code, describeRun('credential-process', creds)).to.equal(0)
      expect(creds.stdout).to.equal(warm.expectedLine)
      expect(creds.stderr).to.equal('')
    } finally {
      removeDir(home)
    }
  }

  before(async function () {
    if (process.platform === 'win32') this.skip()
    requireTools(this, ['git'])
    work = makeTempDir('aws-sso-util-source-')
    // The checkout as it is now (tracked and new files, not ignored ones) as a repository of its
    // own, so the test installs the code under test and not the last commit.
    repo = join(work, 'repo')
    const listed = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {cwd: repoRoot, timeoutMs: 60_000})
    if (listed.code !== 0) throw new Error(describeRun('git ls-files', listed))
    for (const path of listed.stdout.split('\0').filter(Boolean)) {
      const from = join(repoRoot, path)
      if (!existsSync(from) || lstatSync(from).isSymbolicLink()) continue
      mkdirSync(dirname(join(repo, path)), {recursive: true})
      copyFileSync(from, join(repo, path))
    }

    await git(['init', '--quiet', '--initial-branch', 'main'], repo)
    await git(['add', '--all'], repo)
    await git(['commit', '--quiet', '--message', 'source'], repo)
  })

  after(() => {
    if (work) removeDir(work)
  })

  it('npm pack <git URL> builds the same files as the release tarball; installed with -g it runs', async () => {
    const tarballs = join(work, 'from-git')
    mkdirSync(tarballs)
    const packed = await npmIn(['pack', `git+file://${repo}`], tarballs)
    expect(packed.code, describeRun('npm pack git+file://…', packed)).to.equal(0)
    expect(packed.stdout + packed.stderr).to.not.contain('TAR_ENTRY_ERROR')
    const listing = await run('tar', ['-tzf', join(tarballs, tarballName)], {timeoutMs: 60_000})
    const files = listing.stdout
      .split('\n')
      .filter(Boolean)
      .map((p) => p.replace(/^package\//, ''))
      .sort()
    const release = await packTarball()
    expect(files).to.deep.equal(release.files.map((f) => f.path).sort())

    const prefix = join(work, 'prefix-git')
    const installed = await npmIn(['install', '--global', '--prefix', prefix, join(tarballs, tarballName)], work)
    expect(installed.code, describeRun('npm install -g <tarball>', installed)).to.equal(0)
    expect(installed.stdout + installed.stderr).to.not.contain('TAR_ENTRY_ERROR')
    await expectWorkingInstall(prefix)
  })

  it('in a clone, npm ci builds the CLI and npm install -g . puts it on PATH', async () => {
    const clone = join(work, 'clone')
    await git(['clone', '--quiet', repo, clone], work)
    expect(existsSync(join(clone, 'dist')), 'a clone has no dist/ before npm ci').to.equal(false)
    const ci = await npmIn(['ci'], clone)
    expect(ci.code, describeRun('npm ci', ci)).to.equal(0)
    expect(existsSync(join(clone, 'dist', 'commands', 'configure', 'profile.js')), 'npm ci ran the build').to.equal(true)
    expect(existsSync(join(clone, 'dist', 'fast', 'credential-process.cjs')), 'npm ci bundled the hot path').to.equal(true)

    const prefix = join(work, 'prefix-clone')
    const installed = await npmIn(['install', '--global', '--prefix', prefix, '.'], clone)
    expect(installed.code, describeRun('npm install -g .', installed)).to.equal(0)
    // A link to the clone: `git pull` and `npm ci` there update the installed CLI.
    const link = join(prefix, 'lib', 'node_modules', pkg.name)
    expect(lstatSync(link).isSymbolicLink()).to.equal(true)
    expect(realpathSync(link)).to.equal(realpathSync(clone))
    expect(readlinkSync(join(prefix, 'bin', 'aws-sso-util'))).to.match(/bin\/run\.js$/)
    await expectWorkingInstall(prefix)
  })
})
