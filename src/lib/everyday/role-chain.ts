/**
 * Profiles that assume a role from another profile (`role_arn` with `source_profile`), as botocore
 * and AWS CLI v2 read them, when the chain starts at one of our profiles: its IAM Identity Center
 * role credentials, then one STS AssumeRole per link.
 */
import type {AwsSsoCredentials} from '../api/credentials.js'
import type {Env} from '../env.js'
import type {ConfigView, CredentialInputs, ResolvedCredentialSettings} from '../settings.js'

import {ConfigError} from '../errors.js'
import {resolveSettingsWithConfig} from '../settings-with-config.js'

export interface ChainLink {
  /** The profile with the role_arn. */
  profile: string
  roleArn: string
  accountId: string
  roleName: string
  sessionName?: string
  externalId?: string
  durationSeconds?: number
}

export interface RoleChain {
  /** The profile the chain starts at: one whose credentials come from IAM Identity Center. */
  root: string
  /** From the root outwards; the last link is the profile asked for. */
  links: ChainLink[]
  /** STS is called in the asked-for profile's region, else the root's. */
  region?: string
}

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/

/**
 * The chain behind a profile, or undefined when it has no role_arn (or flags choose the role).
 * Throws ConfigError for what we cannot follow: a loop, a missing source, credential_source
 * (its credentials come from the environment or an instance, not from us), mfa_serial.
 */
export function roleChainOf(config: ConfigView, inputs: CredentialInputs): RoleChain | undefined {
  const start = inputs.profile
  if (start === undefined || config.profiles[start]?.role_arn === undefined) return undefined
  if (inputs.accountId !== undefined || inputs.roleName !== undefined || inputs.startUrl !== undefined || inputs.ssoSession !== undefined) {
    throw new ConfigError(`Profile "${start}" assumes a role (role_arn); give no --account-id, --role-name or instance flags with it.`)
  }

  const links: ChainLink[] = []
  const seen = new Set<string>()
  let name = start
  for (;;) {
    const values = config.profiles[name]
    if (values === undefined) throw new ConfigError(`Profile "${name}" (a source_profile of "${start}") was not found in ${config.path}.`)
    if (values.role_arn === undefined) break
    if (seen.has(name)) throw new ConfigError(`The source_profile chain of "${start}" in ${config.path} loops back to "${name}".`)
    seen.add(name)
    links.unshift(linkOf(name, values, config.path))
    if (values.credential_source !== undefined) {
      throw new ConfigError(
        `Profile "${name}" takes its source credentials from credential_source = ${values.credential_source}, not from IAM Identity Center. Use source_profile naming one of your SSO profiles.`,
      )
    }

    const source = values.source_profile
    if (source === undefined) throw new ConfigError(`Profile "${name}" has role_arn but no source_profile in ${config.path}.`)
    if (source === name) throw new ConfigError(`Profile "${name}" names itself as source_profile; only static keys can do that.`)
    name = source
  }

  return {root: name, links, region: config.profiles[start].region?.trim() || config.profiles[name]?.region?.trim() || undefined}
}

function linkOf(profile: string, values: Record<string, string>, path: string): ChainLink {
  const roleArn = values.role_arn.trim()
  const match = ROLE_ARN.exec(roleArn)
  if (!match) throw new ConfigError(`Profile "${profile}" in ${path}: role_arn "${roleArn}" is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME).`)
  if (values.mfa_serial !== undefined) {
    throw new ConfigError(`Profile "${profile}" needs an MFA code (mfa_serial), which aws-sso-util cannot ask for. Use the AWS CLI for it.`)
  }

  const sessionName = values.role_session_name?.trim() || undefined
  if (sessionName !== undefined && !SESSION_NAME.test(sessionName)) {
    throw new ConfigError(`Profile "${profile}": role_session_name "${sessionName}" must be 2 to 64 letters, digits or + = , . @ _ -.`)
  }

  const durationText = values.duration_seconds?.trim()
  const durationSeconds = durationText === undefined ? undefined : Number(durationText)
  if (durationSeconds !== undefined && (!Number.isInteger(durationSeconds) || durationSeconds < 900 || durationSeconds > 43_200)) {
    throw new ConfigError(`Profile "${profile}": duration_seconds "${durationText}" must be a whole number from 900 to 43200.`)
  }

  return {
    profile,
    roleArn,
    accountId: match[1],
    roleName: match[2],
    sessionName,
    externalId: values.external_id?.trim() || undefined,
    durationSeconds,
  }
}

export interface ChainedRoleSettings {
  /** Set for a profile that assumes a role from one of ours. */
  chain?: RoleChain
  /** What getCredentials is asked for: the chain's root profile, or the inputs themselves. */
  rootInputs: CredentialInputs
  /** What a command shows: the root's instance, with the assumed role's account and name for a chain. */
  settings: ResolvedCredentialSettings
  /** Where AssumeRole goes: the chain's region, else the root's instance region. */
  stsRegion: string
}

/** The settings behind `inputs`, following a profile that assumes a role to its IAM Identity Center root. */
export function chainedRoleSettings(config: ConfigView, inputs: CredentialInputs, env: Env): ChainedRoleSettings {
  const chain = roleChainOf(config, inputs)
  const rootInputs = chain ? {profile: chain.root} : inputs
  const root = resolveSettingsWithConfig(rootInputs, env, config)
  if (!chain) return {rootInputs, settings: root, stsRegion: root.instance.region}
  const last = chain.links.at(-1)!
  return {
    chain,
    rootInputs,
    settings: {...root, accountId: last.accountId, roleName: last.roleName, profile: inputs.profile!},
    stsRegion: chain.region ?? root.instance.region,
  }
}

/** Each link's AssumeRole in turn, starting from the root's role credentials. */
export async function assumeChain(
  root: AwsSsoCredentials,
  chain: RoleChain,
  options: {env: Env; region: string; signal?: AbortSignal; now?: () => number},
): Promise<AwsSsoCredentials> {
  const {assumeRole} = await import('./sts.js')
  let creds = {AccessKeyId: root.accessKeyId, SecretAccessKey: root.secretAccessKey, SessionToken: root.sessionToken, Expiration: root.expiration.toISOString()}
  for (const link of chain.links) {
    creds = await assumeRole(
      creds,
      {
        roleArn: link.roleArn,
        // The AWS CLI's default is botocore-session-<seconds>; ours names the tool.
        sessionName: link.sessionName ?? `aws-sso-util-${Math.floor((options.now ?? Date.now)() / 1000)}`,
        externalId: link.externalId,
        durationSeconds: link.durationSeconds,
      },
      {region: options.region, env: options.env, signal: options.signal},
    )
  }

  return {
    accessKeyId: creds.AccessKeyId,
    secretAccessKey: creds.SecretAccessKey,
    sessionToken: creds.SessionToken,
    expiration: new Date(creds.Expiration),
    accountId: chain.links.at(-1)!.accountId,
  }
}
