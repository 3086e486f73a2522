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
