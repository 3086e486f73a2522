/**
 * How a profile's values are merged, as the original tool did: start from the existing profile
 * (unless `discard`); `-c` defaults are skipped for keys the profile already has in `keep` mode;
 * explicit values (flags, typed answers, the account and role picked) always win.
 */
import type {Section} from '../config/parse.js'
import type {ExistingConfigAction} from './env-defaults.js'

import {sameStartUrl} from '../auth/instances.js'
import {effectiveProfile} from '../config/profiles.js'

export interface MergeInput {
  existing: Section | undefined
  action: ExistingConfigAction
  /** Explicit values: always written. */
  explicit: ReadonlyArray<readonly [string, string]>
  /** `-c KEY=VALUE`. */
  defaults: ReadonlyArray<readonly [string, string]>
  /** Values from env vars or built-in defaults: only fill a key that nothing else set. */
  fallbacks?: ReadonlyArray<readonly [string, string]>
  /** Always written last (credential_process, sso_auto_populated). */
  tail?: ReadonlyArray<readonly [string, string]>
  /** Keys that must not remain, e.g. credential_process after --no-credential-process. */
  drop?: readonly string[]
}

export interface ProfileChange {
  /** Keys to write (new or changed value), in the order a new section lists them. */
  set: Array<[string, string]>
  /** Top-level keys to delete; a nested block goes with its key. */
  remove: string[]
  /** The section's top-level keys as botocore will read them afterwards. */
  result: Record<string, string>
}

/** The order of keys in a new section: the original tool's, then `-c` keys, then our own markers. */
export const KEY_ORDER = ['sso_session', 'sso_start_url', 'sso_region', 'sso_account_name', 'sso_account_id', 'sso_role_name', 'region', 'output']
const LAST_KEYS = ['credential_process', 'sso_auto_populated']

/** Top-level keys of a parsed section: the parser reports nested lines as `parent.child`. */
export function topLevel(section: Section | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (!section) return out
  for (const [key, value] of Object.entries(section)) if (!key.includes('.')) out[key] = value
  return out
}

function rank(key: string): number {
  const known = KEY_ORDER.indexOf(key)
  if (known !== -1) return known
  const last = LAST_KEYS.indexOf(key)
  return last === -1 ? KEY_ORDER.length : KEY_ORDER.length + 1 + last
}

export function mergeProfile(input: MergeInput): ProfileChange {
  const existing = topLevel(input.existing)
  const result: Record<string, string> = input.action === 'discard' ? {} : {...existing}
  const added: string[] = []
  const put = (key: string, value: string) => {
    if (!added.includes(key)) added.push(key)
    result[key] = value
  }

  for (const [key, value] of input.defaults) {
    if (input.action === 'keep' && Object.hasOwn(existing, key)) continue
    put(key, value)
  }

  for (const [key, value] of input.fallbacks ?? []) if (!Object.hasOwn(result, key)) put(key, value)
  for (const [key, value] of input.explicit) put(key, value)
  for (const [key, value] of input.tail ?? []) put(key, value)
  for (const key of input.drop ?? []) delete result[key]

  const order = added.filter((key) => Object.hasOwn(result, key)).sort((a, b) => rank(a) - rank(b))
  const set: Array<[string, string]> = order.filter((key) => existing[key] !== result[key]).map((key) => [key, result[key]])
  const remove = Object.keys(existing).filter((key) => !Object.hasOwn(result, key))
  return {set, remove, result}
}

export function isNoop(change: ProfileChange): boolean {
  return change.set.length === 0 && change.remove.length === 0
}

export function isAutoPopulated(section: Section): boolean {
  return section.sso_auto_populated?.toLowerCase() === 'true'
}

/**
 * Profiles `--prune` removes: marked `sso_auto_populated = true`, not produced by this run, and
 * for the same Identity Center instance (directly or through their sso-session), so that a
 * populate for one instance never touches profiles of another.
 */
export function planPrune(args: {
  profiles: Record<string, Section>
  ssoSessions: Record<string, Section>
  keep: ReadonlySet<string>
  startUrl: string
}): string[] {
  const out: string[] = []
  for (const name of Object.keys(args.profiles)) {
    if (args.keep.has(name) || !isAutoPopulated(args.profiles[name])) continue
    // A process-only profile keeps its instance on the credential_process line.
    const section = effectiveProfile(args.profiles, name)!
    const url = section.sso_session === undefined ? section.sso_start_url : args.ssoSessions[section.sso_session]?.sso_start_url
    if (url !== undefined && sameStartUrl(url, args.startUrl)) out.push(name)
  }

  return out.sort()
}
