/**
 * One IAM Identity Center instance as a login sees it. A token belongs to an sso-session when
 * `sessionName` is set (AWS CLI v2 keys its cache by the session name then), else to the start URL.
 */
export interface SsoInstance {
  startUrl: string
  region: string
  sessionName?: string
  /** Only sso-session logins ask for scopes; `sso:account:access` is what brings a refresh token. */
  registrationScopes?: string[]
}

export const DEFAULT_REGISTRATION_SCOPES = ['sso:account:access']

/** The id both the token cache file name and the role-credential cache key are derived from. */
export function cacheIdOf(instance: SsoInstance): string {
  return instance.sessionName ?? instance.startUrl
}

export function describeInstance(instance: SsoInstance): string {
  return instance.sessionName ? `sso-session ${instance.sessionName} (${instance.startUrl}, ${instance.region})` : `${instance.startUrl} (${instance.region})`
}
