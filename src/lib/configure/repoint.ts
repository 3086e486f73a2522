import {existsSync} from 'node:fs'
import {posix, win32} from 'node:path'

import type {CredentialProcessPrefix} from './credential-process-command.js'
import type {ConfigStore} from './profile-flow.js'

import {editConfigText} from '../config/edit.js'
import {parseConfigText} from '../config/parse.js'
import {lineQuote, lineSplit} from './line-quote.js'

/**
 * In plugin mode `configure` writes `<node> <plugin>/bin/run.js credential-process …`: absolute
 * paths, which break when the plugin moves (a host reinstalls its plugins elsewhere, the user
 * switches hosts) or that node is uninstalled (a version manager). Every later `configure`
 * re-points such broken lines of any profile to what it writes now, so the next SDK client start
 * works again; lines that still run, and lines of other tools, are left alone.
 */

/** The plugin bin a line runs, when it is one of ours in the form `<node> <dir>/aws-sso-util/bin/run.js credential-process …`. */
function pluginLine(line: string, platform: NodeJS.Platform): {node: string; runJs: string; rest: string[]} | undefined {
  // As botocore splits the line on this platform; the other readers read our quoting the same way.
  const w = lineSplit(line, platform)
  if (!w || w.length < 3 || w[2] !== 'credential-process') return undefined
  const [node, runJs] = w
  const {basename, dirname} = platform === 'win32' ? win32 : posix
  const binDir = dirname(runJs)
  if (basename(runJs) !== 'run.js' || basename(binDir) !== 'bin' || basename(dirname(binDir)) !== 'aws-sso-util') return undefined
  return {node, runJs, rest: w.slice(3)}
}

export interface Repointed {
  text: string
  profiles: string[]
}

/** Rewrites every profile's credential_process that runs a plugin bin or node that no longer exists. */
export function repointBrokenPluginLines(
  text: string,
  prefix: string,
  exists: (path: string) => boolean = existsSync,
  platform: NodeJS.Platform = process.platform,
): Repointed {
  const config = parseConfigText(text)
  const profiles: string[] = []
  const edits = []
  for (const [name, section] of Object.entries(config.profiles)) {
    const line = section.credential_process
    if (line === undefined) continue
    const ours = pluginLine(line, platform)
    if (!ours || (exists(ours.node) && exists(ours.runJs))) continue
    let value: string
    try {
      value = [prefix, ...ours.rest.map((arg) => lineQuote(arg, platform))].join(' ')
    } catch {
      // An argument no line on this platform can carry (edited in by hand): leave that line to its author.
      continue
    }

    if (value === line) continue
    profiles.push(name)
    edits.push({section: {kind: 'profile' as const, name}, set: [['credential_process', value]] as Array<[string, string]>})
  }

  return {text: edits.length === 0 ? text : editConfigText(text, edits), profiles}
}

/**
 * The store the configure flows write through, re-pointing broken plugin lines in the same locked
 * write; `repointed` hears which profiles changed.
 */
export function repointingStore(
  store: ConfigStore,
  prefix: () => CredentialProcessPrefix | undefined,
  repointed: (profiles: string[], prefix: string) => void,
): ConfigStore {
  return {
    ...store,
    async update(change) {
      const now = prefix()
      // A line that would itself not run (its bin is not on PATH) is no repair.
      if (!now || now.warning) return store.update(change)
      let profiles: string[] = []
      const result = await store.update((text) => {
        const out = repointBrokenPluginLines(change(text), now.prefix)
        ;({profiles} = out)
        return out.text
      })
      if (profiles.length > 0) repointed(profiles, now.prefix)
      return result
    },
  }
}
