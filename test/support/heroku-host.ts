import {existsSync, mkdirSync, mkdtempSync, renameSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {delimiter, join} from 'node:path'

import {npmUserSettings} from './package.js'
import {hostHomeEnv, systemPath} from './plugin-host.js'
import {cleanEnv, describeRun, npm, run, type RunOptions, type RunResult} from './run.js'

/** A widely used oclif CLI with its own `login`, `logout` and `:` topics, pinned so its help is stable. */
export const HEROKU_VERSION = '11.10.0'

/**
 * Installs heroku@HEROKU_VERSION from the npm registry once per machine: 700 packages take minutes
 * to unpack, and CI runs the suite on two Node versions. It goes into a temporary directory first
 * and is renamed into place whole, so parallel runs never see half an install.
 */
export async function installHeroku(): Promise<{prefix: string; entry: string}> {
  const prefix = join(tmpdir(), `aws-sso-util-test-heroku-${HEROKU_VERSION}`)
  const entry = join(prefix, 'node_modules', 'heroku', 'bin', 'run.js')
  if (existsSync(entry)) return {prefix, entry}
  const staging = mkdtempSync(join(tmpdir(), 'aws-sso-util-heroku-install-'))
  try {
    const result = await npm(
      // No install scripts: Heroku's optional native helpers are not needed to run its commands.
      ['install', '--prefix', staging, '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', `heroku@${HEROKU_VERSION}`],
      {cwd: staging, env: cleanEnv(await npmUserSettings()), timeoutMs: 900_000},
    )
    if (result.code !== 0) throw new Error(describeRun(`npm install heroku@${HEROKU_VERSION}`, result))
    try {
      renameSync(staging, prefix)
    } catch (error) {
      // Another run finished first; its copy is as good as ours.
      if (!existsSync(entry)) throw error
    }
  } finally {
    rmSync(staging, {recursive: true, force: true})
  }

  return {prefix, entry}
}

export interface HerokuHost {
  home: string
  /** The host's data dir, where `plugins:install` puts plugins. */
  dataDir: string
  env: NodeJS.ProcessEnv
  run(args: string[], options?: RunOptions): Promise<RunResult>
}

/**
 * Heroku with HOME, XDG dirs and its data, config and cache under `dir`. Telemetry and the update
 * check are off, so nothing but `plugins:install` (which asks npm for our dependencies) reaches
 * the network. Heroku's bin directory is on PATH as after `npm install -g heroku`, so that its
 * hooks that spawn `heroku` find it.
 */
export async function createHerokuHost(dir: string, entry: string, binDir: string): Promise<HerokuHost> {
  const home = join(dir, 'home')
  mkdirSync(home, {recursive: true})
  const xdg = join(dir, 'xdg')
  const env = cleanEnv({
    ...hostHomeEnv(home, xdg),
    DISABLE_TELEMETRY: 'true',
    HEROKU_SKIP_NEW_VERSION_CHECK: 'true',
    HEROKU_DISABLE_AUTOUPDATE: '1',
    PATH: [binDir, join(process.execPath, '..'), ...systemPath()].join(delimiter),
    ...(await npmUserSettings()),
  })
  return {
    home,
    dataDir: join(xdg, 'data', 'heroku'),
    env,
    run: (args, options = {}) => run(process.execPath, [entry, ...args], {cwd: home, timeoutMs: 120_000, ...options, env: options.env ?? env}),
  }
}
