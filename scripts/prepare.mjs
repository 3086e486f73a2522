#!/usr/bin/env node
// npm runs `prepare` in several places; dist/ is not in git, so each must leave it built:
// - `npm ci` / `npm install` in a clone: a development build, so the CLI runs right away;
// - `npm pack <git URL>` (and a dependency given as a git URL): npm installs the dev dependencies
//   in a temporary clone (that run sets _PACOTE_NO_PREPARE_ and is skipped here), then runs
//   `prepare` alone, never `prepack`, before packing it; that run sets npm_package_resolved and
//   builds exactly what `npm pack` of a checkout ships;
// - `npm pack` / `npm publish` of a checkout: after `prepack`, which has built everything;
// - an installed tarball, when npm is told to allow its scripts: it is built already.
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const {env} = process

function npmRun(script) {
  // npm_execpath is the npm running this script, so another npm on PATH is never picked up.
  const npm = env.npm_execpath
  const result = npm
    ? spawnSync(process.execPath, [npm, 'run', script], {cwd: root, stdio: 'inherit'})
    : spawnSync('npm', ['run', script], {cwd: root, stdio: 'inherit', shell: process.platform === 'win32'})
  process.exit(result.status ?? 1)
}

if (!existsSync(join(root, 'src'))) process.exit(0)
// npm passes the string "null" when the package has no resolved source.
const packing = Boolean(env.npm_package_resolved) && env.npm_package_resolved !== 'null'
if (env._PACOTE_NO_PREPARE_ && !packing) process.exit(0)
if (!packing && (env.npm_command === 'pack' || env.npm_command === 'publish')) process.exit(0)
npmRun(packing ? 'prepack' : 'build')
