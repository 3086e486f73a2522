import type {Fixture} from '../emulator/server.js'

/**
 * The directory the parity measurements of aws-sso-util 4.33 were taken with: names with spaces and
 * punctuation, accounts listed in neither id nor name order, roles that exist in some accounts only.
 */
export const PARITY_FIXTURE: Fixture = {
  user: {name: 'pat'},
  startUrls: null,
  accounts: [
    {accountId: '123456789012', accountName: 'dev', emailAddress: 'dev@example.com', roles: ['MyLeastPrivilegeRole', 'ReadOnly']},
    {accountId: '234567890123', accountName: 'Prod Account (Main)', emailAddress: 'prod@example.com', roles: ['AdminRole', 'ReadOnly', 'power.user']},
    {accountId: '111111111111', accountName: 'shared-services', emailAddress: 'shared@example.com', roles: ['AdminRole', 'MyLeastPrivilegeRole']},
    {accountId: '345678901234', accountName: 'Finance & Ops / EU', emailAddress: 'fin@example.com', roles: ['Billing+Admin@x', 'ReadOnly']},
    {accountId: '222222222222', accountName: "O'Brien sandbox", emailAddress: 'ob@example.com', roles: ['AdminRole', 'DeveloperAccess']},
  ],
}

export const PARITY_START_URL = 'https://d-1234567890.awsapps.com/start'
export const OTHER_START_URL = 'https://other-org.awsapps.com/start'

/** The flags that name one role of the parity instance, as the original's docs write them. */
export const PARITY_ROLE_FLAGS = ['-u', PARITY_START_URL, '--sso-region', 'us-east-1', '-a', '123456789012', '-r', 'ReadOnly']

/** Text from rows, each ending in a newline as a listing prints it. */
export const lines = (...rows: string[]) => rows.map((r) => `${r}\n`).join('')

/** The original's `roles` for the parity directory: every column padded, the last one too, one space apart. */
export const PARITY_ROLES = lines(
  'Account name        Account ID   Role name           ',
  'Finance & Ops / EU  345678901234 Billing+Admin@x     ',
  'Finance & Ops / EU  345678901234 ReadOnly            ',
  "O'Brien sandbox     222222222222 AdminRole           ",
  "O'Brien sandbox     222222222222 DeveloperAccess     ",
  'Prod Account (Main) 234567890123 AdminRole           ',
  'Prod Account (Main) 234567890123 ReadOnly            ',
  'Prod Account (Main) 234567890123 power.user          ',
  'dev                 123456789012 MyLeastPrivilegeRole',
  'dev                 123456789012 ReadOnly            ',
  'shared-services     111111111111 AdminRole           ',
  'shared-services     111111111111 MyLeastPrivilegeRole',
)

/** The legacy profile the measurements started from. */
export const BASE_CONFIG = `[profile base]
sso_start_url = ${PARITY_START_URL}
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = MyLeastPrivilegeRole
region = us-east-1
`

/** BASE_CONFIG plus a second instance. */
export const TWO_INSTANCES_CONFIG = `${BASE_CONFIG}
[profile other]
sso_start_url = ${OTHER_START_URL}
sso_region = eu-west-1
sso_account_id = 123456789012
sso_role_name = ReadOnly
region = eu-west-1
`

/** `roles -r ^Admin --role-name ReadOnly`: a role that either pattern matches is listed, the columns fitted to what is left. */
export const PARITY_ADMIN_OR_READ_ONLY = {
  args: ['-r', '^Admin', '--role-name', 'ReadOnly'],
  stdout: lines(
    'Account name        Account ID   Role name',
    'Finance & Ops / EU  345678901234 ReadOnly ',
    "O'Brien sandbox     222222222222 AdminRole",
    'Prod Account (Main) 234567890123 AdminRole',
    'Prod Account (Main) 234567890123 ReadOnly ',
    'dev                 123456789012 ReadOnly ',
    'shared-services     111111111111 AdminRole',
  ),
}
