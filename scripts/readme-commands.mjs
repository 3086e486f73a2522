#!/usr/bin/env node
// The README's command reference, rendered by the same help class that `aws-sso-util help COMMAND`
// uses, so the two cannot say different things.
//
//   node scripts/readme-commands.mjs           print the reference (what goes between the markers)
//   node scripts/readme-commands.mjs --write   replace the text between the markers in README.md
//   node scripts/readme-commands.mjs --check   exit 1 when README.md is out of date
//   --readme PATH                              another file than README.md
//
// It reads the built commands (dist/, or oclif.manifest.json when one exists): build first.
import {Config, loadHelpClass} from '@oclif/core'
import {readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const START_MARKER = '<!-- commands -->'
export const STOP_MARKER = '<!-- commandsstop -->'
/** Fixed, not the terminal's: the text must not depend on who generated it. */
export const WIDTH = 100

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** GitHub's heading anchors for the ASCII headings used here. */
function slug(text) {
  return text
    .toLowerCase()
    .replaceAll(/[^\w\- ]/g, '')
    .replaceAll(' ', '-')
}

export async function renderCommandReference(dir = root) {
  const config = await Config.load({root: dir})
  const commands = config.commands
    // An alias is listed under its command (ALIASES), not as a command of its own.
    .filter((c) => c.pluginName === config.name && !c.hidden && !c.aliases.includes(c.id))
    .sort((a, b) => a.id.localeCompare(b.id))
  if (commands.length === 0) throw new Error(`no commands found under ${dir}; build first (npx tsc -p tsconfig.json)`)
  const HelpClass = await loadHelpClass(config)
  // respectNoCacheDefault hides defaults computed at run time (paths under the reader's home).
  const help = new HelpClass(config, {maxWidth: WIDTH, respectNoCacheDefault: true, stripAnsi: true})
  const title = (c) => `${config.bin} ${c.id.split(':').join(config.topicSeparator)}`
  const firstLine = (c) => (c.summary ?? c.description ?? '').trim().split('\n')[0]
  const index = commands.map((c) => `* [\`${title(c)}\`](#${slug(title(c))}): ${firstLine(c)}`)
  const sections = commands.map((c) => [`## ${title(c)}`, firstLine(c), '```\n' + help.formatCommand(c).trimEnd() + '\n```'].join('\n\n'))
  return [index.join('\n'), ...sections].join('\n\n').replaceAll(/[ \t]+$/gm, '') + '\n'
}

/** The text between the markers, line endings normalised so a CRLF checkout compares equal. */
export function extractReference(readme) {
  const text = readme.replaceAll('\r\n', '\n')
  const start = text.indexOf(START_MARKER)
  const stop = text.indexOf(STOP_MARKER)
  if (start === -1 || stop < start) return
  return text.slice(start + START_MARKER.length, stop).replace(/^\n/, '')
}

export function replaceReference(readme, reference) {
  const text = readme.replaceAll('\r\n', '\n')
  const start = text.indexOf(START_MARKER)
  const stop = text.indexOf(STOP_MARKER)
  if (start === -1 || stop < start) throw new Error(`README.md needs a ${START_MARKER} … ${STOP_MARKER} pair`)
  return text.slice(0, start + START_MARKER.length) + '\n' + reference + text.slice(stop)
}

async function main(argv) {
  const reference = await renderCommandReference()
  const at = argv.indexOf('--readme')
  const readmePath = at === -1 ? join(root, 'README.md') : argv[at + 1]
  if (argv.includes('--write')) {
    writeFileSync(readmePath, replaceReference(readFileSync(readmePath, 'utf8'), reference))
    return 0
  }

  if (argv.includes('--check')) {
    const current = extractReference(readFileSync(readmePath, 'utf8'))
    if (current === reference) return 0
    process.stderr.write(
      current === undefined
        ? `README.md has no ${START_MARKER} … ${STOP_MARKER} markers\n`
        : 'README.md command reference is out of date: run node scripts/readme-commands.mjs --write\n',
    )
    return 1
  }

  process.stdout.write(reference)
  return 0
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2))
}
