import {chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {delimiter, join} from 'node:path'

import {repoRoot} from './package.js'
import {cleanEnv, run, type RunOptions, type RunResult} from './run.js'

export interface PluginHost {
  dir: string
  /** Where a user's shell would find `host`; the CLI's bin directory. */
  binDir: string
  home: string
  env: NodeJS.ProcessEnv
  run(args: string[], options?: RunOptions): Promise<RunResult>
}

export interface HostOptions {
  /** Directories put ahead of Node's own on PATH, e.g. a standalone install's bin directory. */
  pathPrefix?: string[]
  /** npm settings the host's `plugins install` must keep although HOME moved. */
  npmEnv?: Record<string, string>
}

/**
 * The variables that move an oclif host's home, its data, config and cache directories, and the AWS
 * files into a test's directory, so nothing of the developer's own setup is read or written.
 */
export function hostHomeEnv(home: string, xdg: string): Record<string, string> {
  return {
    HOME: home,
    USERPROFILE: home,
    XDG_DATA_HOME: join(xdg, 'data'),
    XDG_CONFIG_HOME: join(xdg, 'config'),
    XDG_CACHE_HOME: join(xdg, 'cache'),
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
  }
}

/**
 * A minimal oclif CLI named `host` with plugin-help and plugin-plugins, as a third party would
 * build one. Its node_modules is the checkout's (it has @oclif/core and both plugins); its data,
 * config and cache directories and HOME live under `dir`, so installing or linking a plugin touches
 * nothing outside.
 */
export function createPluginHost(dir: string, options: HostOptions = {}): PluginHost {
  const cliDir = join(dir, 'cli')
  const binDir = join(cliDir, 'bin')
  const home = join(dir, 'home')
  mkdirSync(join(cliDir, 'commands'), {recursive: true})
  mkdirSync(binDir, {recursive: true})
  mkdirSync(home, {recursive: true})
  writeFileSync(
    join(cliDir, 'package.json'),
    JSON.stringify(
      {
        name: 'host-cli',
        version: '1.0.0',
        private: true,
        type: 'module',
        bin: {host: './bin/host.js'},
        // oclif loads only the listed plugins that are also dependencies.
        dependencies: {'@oclif/core': '^4', '@oclif/plugin-help': '^6', '@oclif/plugin-plugins': '^5'},
        oclif: {
          bin: 'host',
          dirname: 'host-cli',
          commands: './commands',
          topicSeparator: ' ',
          plugins: ['@oclif/plugin-help', '@oclif/plugin-plugins'],
        },
      },
      null,
      2,
    ),
  )
  const entry = join(binDir, 'host.js')
  writeFileSync(entry, `#!/usr/bin/env node\nimport {execute} from '@oclif/core'\n\nawait execute({dir: import.meta.url})\n`)
  chmodSync(entry, 0o755)
  // The name a user types; Node follows the link to host.js and reads it as ESM.
  if (process.platform === 'win32') {
    writeFileSync(join(binDir, 'host.cmd'), `@"${process.execPath}" "%~dp0\\host.js" %*\r\n`)
  } else {
    symlinkSync('host.js', join(binDir, 'host'))
  }

  symlinkSync(join(repoRoot, 'node_modules'), join(cliDir, 'node_modules'), process.platform === 'win32' ? 'junction' : 'dir')

  const nodeDir = join(process.execPath, '..')
  const env = cleanEnv({
    ...hostHomeEnv(home, join(dir, 'xdg')),
    // The host, the plugin and anything a written credential_process line starts find the same Node.
    PATH: [...(options.pathPrefix ?? []), binDir, nodeDir, ...systemPath()].join(delimiter),
    ...options.npmEnv,
  })
  return {
    dir: cliDir,
    binDir,
    home,
    env,
    run: (args, runOptions = {}) => run(process.execPath, [entry, ...args], {cwd: home, timeoutMs: 120_000, ...runOptions, env: runOptions.env ?? env}),
  }
}

/**
 * The parent's PATH without any directory that has an `aws-sso-util` of its own (a developer's
 * global install or npm's node_modules/.bin), so a test decides whether the standalone is found.
 */
export function systemPath(): string[] {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((p) => p !== '' && !p.split(/[\\/]/).includes('node_modules'))
    .filter((p) => !['aws-sso-util', 'aws-sso-util.cmd'].some((name) => existsSync(join(p, name))))
}
