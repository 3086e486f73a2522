import type {RoleCredentials} from '../cache/credentials-cache.js'
import type {Env} from '../env.js'

import {CREDENTIALS_FILE} from '../config/file-kind.js'
import {splitKeepingEol} from '../config/lines.js'
import {classifyLine, newScanState} from '../config/parse.js'
import {requireCredentialShape} from '../credential-shape.js'
import {ConfigError} from '../errors.js'
import {expandHome, homeDir} from '../paths.js'

/** Where botocore and SDK v3 read static credentials from. */
export function credentialsFilePath(env: Env = process.env): string {
  const given = env.AWS_SHARED_CREDENTIALS_FILE
  return given ? expandHome(given, env) : `${homeDir(env)}/.aws/credentials`
}

/** The keys we own in a credentials section; any other key the user put there stays. */
const KEYS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'] as const
/** Old spellings that would shadow ours in some readers; removed from our section. */
const STALE = new Set(['aws_security_token'])

const SECTION_NAME = /^[\w\-@+.%:/]+$/

export function validateSectionName(name: string): void {
  if (!SECTION_NAME.test(name) || name === '__proto__') {
    throw new ConfigError(
      `Invalid credentials profile name ${JSON.stringify(name)}: use only letters, digits and - _ @ + . % : / so that the AWS CLI and every SDK can read it.`,
    )
  }
}

/**
 * The section export writes when not told a name. Every SDK prefers keys in the credentials file
 * to a profile's credential_process (SDK v3 also to its sso_* settings), so a section named after
 * the SSO profile would shadow it with credentials that stop working within the hour.
 */
export function defaultSectionName(profile: string): string {
  return `${profile}-static`
}

/** Keys by which a config profile gets credentials of its own; `[name]` in the credentials file would shadow them. */
const OWN_SOURCE_KEYS = ['credential_process', 'sso_session', 'sso_start_url', 'sso_account_id', 'role_arn', 'web_identity_token_file']

/** The keys of the config profile `name` that a credentials section of that name would shadow (none: safe to write). */
export function shadowedKeys(profiles: Record<string, Record<string, string>>, name: string): string[] {
  const profile = Object.hasOwn(profiles, name) ? profiles[name] : undefined
  return profile ? OWN_SOURCE_KEYS.filter((key) => Object.hasOwn(profile, key)) : []
}

type LineInfo = {kind: string; key: string}

/** Which lines belong to which section, classified the way configparser reads them; the last `[name]` spans start…end. */
function findSection(lines: Array<{text: string}>, name: string): {info: LineInfo[]; start: number; end: number} {
  const state = newScanState()
  let start = -1
  let end = lines.length
  let current = ''
  const info = lines.map((line, index) => {
    const li = classifyLine(state, line.text)
    if (li.kind === 'header') {
      if (current === name) end = index
      current = li.header.trim()
      if (current === name) {
        start = index
        end = lines.length
      }
    }

    return {kind: li.kind, key: li.key}
  })
  return {info, start, end}
}

/**
 * Our old key lines (with their continuation lines) go; the new ones take the place of the
 * first of them, else follow the section's last key line, else its header.
 */
function oldKeyLines(info: LineInfo[], start: number, end: number): {drop: Set<number>; anchor: number} {
  const drop = new Set<number>()
  let firstDropped = -1
  let lastKey = start
  let dropping = false
  for (let i = start + 1; i < end; i++) {
    const {kind, key} = info[i]
    if (kind === 'option') {
      dropping = (KEYS as readonly string[]).includes(key) || STALE.has(key)
      if (dropping) {
        drop.add(i)
        if (firstDropped === -1) firstDropped = i
      } else {
        lastKey = i
      }
    } else if (kind === 'continuation') {
      if (dropping) drop.add(i)
      else lastKey = i
    }
  }

  return {drop, anchor: firstDropped === -1 ? lastKey : firstDropped}
}

/**
 * `[name]` in the credentials file with our three keys, every other byte of the file as it was:
 * other sections, comments (also ones with `=` or `:`), blank lines, line endings, a BOM, the
 * other keys of this section. The last `[name]` section is the one readers use, so it is the one
 * changed; a missing section is appended.
 */
export function mergeCredentialsSection(text: string, name: string, creds: RoleCredentials): string {
  // A newline in a value would start a section of the writer's choosing (with a credential_process).
  requireCredentialShape(creds, 'write them into the credentials file')
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : ''
  const body = bom ? text.slice(1) : text
  const lines = splitKeepingEol(body)
  const eol = /\r\n/.test(body) ? '\r\n' : '\n'
  const values = new Map<string, string>([
    ['aws_access_key_id', creds.AccessKeyId],
    ['aws_secret_access_key', creds.SecretAccessKey],
    ['aws_session_token', creds.SessionToken],
  ])

  const {info, start, end} = findSection(lines, name)
  const ours = KEYS.map((k) => `${k} = ${values.get(k)}${eol}`).join('')
  if (start === -1) {
    const last = lines.at(-1)
    const sep = last === undefined ? '' : last.eol === '' ? `${eol}${eol}` : last.text.trim() === '' ? '' : eol
    return `${bom}${body}${sep}[${name}]${eol}${ours}`
  }

  const {drop, anchor} = oldKeyLines(info, start, end)
  const out: string[] = []
  for (const [i, line] of lines.entries()) {
    if (!drop.has(i)) out.push(line.text + (i === anchor && line.eol === '' ? eol : line.eol))
    if (i === anchor) out.push(ours)
  }

  return bom + out.join('')
}

/**
 * Merges the section into the file through the guarded writer the config file uses: under a
 * lock (two exports at once must not lose one), only into a regular file, through a symlink to
 * its target, keeping every byte of the rest, the owner, and mode 0600.
 */
export async function writeCredentialsSection(path: string, name: string, creds: RoleCredentials): Promise<void> {
  validateSectionName(name)
  const {updateEditableFile} = await import('../config/write.js')
  await updateEditableFile(path, CREDENTIALS_FILE, (text) => mergeCredentialsSection(text, name, creds))
}
