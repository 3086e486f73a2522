/**
 * Turning a credential command's parsed flags into the inputs the library takes. No oclif import:
 * the credential-process command module uses it before it knows whether oclif is needed.
 */
import {type CredentialInputs, credentialSettings as s} from './lib/settings.js'

/**
 * A string flag's value; an empty one (`--sso-region ''`, or an empty env var oclif read) counts as
 * not given. Blanks are kept, unlike `nonBlank`: the fast path hands credential-process's values to
 * the library untrimmed, and both paths must accept and refuse the same command lines.
 */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** The instance, account and role given by flags (or the env vars oclif reads for them). */
export function roleInputs(flags: Record<string, unknown> & {profile?: string}): CredentialInputs {
  return {
    profile: flags.profile,
    ssoSession: nonEmpty(flags[s.ssoSession.flag]),
    startUrl: nonEmpty(flags[s.startUrl.flag]),
    region: nonEmpty(flags[s.region.flag]),
    accountId: nonEmpty(flags[s.accountId.flag]),
    roleName: nonEmpty(flags[s.roleName.flag]),
  }
}
