#!/usr/bin/env node
// The command reference: `oclif readme --multi` writes docs/commands/<topic>.md and the topic list
// between README.md's <!-- commands --> markers, from the built commands' own help.
//
//   node scripts/readme.mjs          regenerate README.md's list and docs/commands/ (build first)
//   node scripts/readme.mjs --check  exit 1, naming the stale files, when they differ from a fresh run
//
// A wrapper rather than a bare npm script: the help text wraps at the terminal's width unless
// COLUMNS is set (oclif readme reads it), and an env assignment in an npm script does not work in Windows' cmd.exe.
import {spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const OUTPUT_DIR = join('docs', 'commands')
/** Fixed, not the terminal's: the text must not depend on who generated it. */
const WIDTH = '100'

function generate(pluginDir) {
  const oclif = join(root, 'node_modules', 'oclif', 'bin', 'run.js')
  const args = ['readme', '--multi', '--output-dir', OUTPUT_DIR, '--no-aliases', '--no-source-links', '--plugin-directory', pluginDir]
  const result = spawnSync(process.execPath, [oclif, ...args], {
    cwd: pluginDir,
    encoding: 'utf8',
    env: {...process.env, COLUMNS: WIDTH, OCLIF_COLUMNS: WIDTH, OCLIF_SKIP_NEW_VERSION_CHECK: 'true'},
  })
  if (result.status !== 0) {
    process.stderr.write(result.stderr)
    process.exit(result.status ?? 1)
  }
}

const listPages = (dir) => (existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.md')) : [])
const text = (file) => (existsSync(file) ? readFileSync(file, 'utf8').replaceAll('\r\n', '\n') : undefined)

/** Generates into a scratch copy of the package and names every file that differs from the tree's. */
function staleFiles() {
  if (!existsSync(join(root, 'dist', 'commands'))) throw new Error('dist/ is missing: run npm run build first')
  const scratch = mkdtempSync(join(tmpdir(), 'aws-sso-util-readme-'))
  try {
    for (const file of ['package.json', 'README.md', 'tsconfig.json']) cpSync(join(root, file), join(scratch, file))
    for (const dir of ['dist', 'node_modules', 'bin']) symlinkSync(join(root, dir), join(scratch, dir), 'junction')
    generate(scratch)
    const pages = new Set([...listPages(join(root, OUTPUT_DIR)), ...listPages(join(scratch, OUTPUT_DIR))])
    const files = ['README.md', ...[...pages].sort().map((page) => join(OUTPUT_DIR, page))]
    return files.filter((file) => text(join(root, file)) !== text(join(scratch, file)))
  } finally {
    rmSync(scratch, {force: true, recursive: true})
  }
}

if (process.argv.includes('--check')) {
  const stale = staleFiles()
  if (stale.length > 0) {
    process.stderr.write(`The command reference is out of date in ${stale.join(', ')}: run npm run readme\n`)
    process.exit(1)
  }
} else {
  // A topic that no longer exists must not leave its page behind.
  rmSync(join(root, OUTPUT_DIR), {force: true, recursive: true})
  generate(root)
}
