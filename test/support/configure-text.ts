/**
 * The sections `configure profile` and `configure populate` write, as the expected text of the
 * configure suites: one place that knows the key layout, the sso-session scope line and the
 * credential_process line that ends every written profile.
 */

/** `[sso-session NAME]` with the start URL, region and the scope configure always writes. */
export function ssoSessionSection(name: string, startUrl: string, ssoRegion: string): string[] {
  return [`[sso-session ${name}]`, `sso_start_url = ${startUrl}`, `sso_region = ${ssoRegion}`, 'sso_registration_scopes = sso:account:access']
}

/** `[profile NAME]`, its keys in the order given as `key = value`, then the credential_process line for NAME. */
export function profileSection(name: string, keys: Record<string, string>): string[] {
  return [
    `[profile ${name}]`,
    ...Object.entries(keys).map(([key, value]) => `${key} = ${value}`),
    `credential_process = aws-sso-util credential-process --profile ${name}`,
  ]
}

/** Sections as a config file holds them: one blank line between two, a newline at the end. */
export function configText(...sections: string[][]): string {
  return sections.map((lines) => `${lines.join('\n')}\n`).join('\n')
}
