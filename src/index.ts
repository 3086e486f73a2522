/**
 * aws-sso-util as a library: IAM Identity Center (AWS SSO) credentials for Node programs,
 * in-process, sharing caches, logins and locks with the `aws-sso-util` CLI and AWS CLI v2.
 *
 * Importing this module loads neither oclif nor a prompt library, and no AWS SDK client until a
 * call needs the network.
 *
 * @example
 * // STSClient and GetCallerIdentityCommand come from @aws-sdk/client-sts.
 * const sts = new STSClient({credentials: fromAwsSsoUtil({profile: 'dev'})})
 * console.log(await sts.send(new GetCallerIdentityCommand({})))
 *
 * @module
 */
export {type AwsSsoCredentials, type CredentialOptions, fromAwsSsoUtil, getCredentials} from './lib/api/credentials.js'
export {type AccountInfo, listAccounts, type ListOptions, listRoles, type ListRolesOptions, type RoleInfo} from './lib/api/listing.js'
export {logout, type LogoutOptions, type LogoutOutcome} from './lib/api/logout.js'
export type {Environment, InstanceDescription, InstanceOptions, LoginOptions, LoginPrompt} from './lib/api/options.js'
export {type AccessToken, getToken, login, type LoginCallOptions, type TokenOptions} from './lib/api/token.js'
export {NetworkError} from './lib/aws-errors.js'
export {
  AppError,
  AuthenticationError,
  AwsServiceError,
  ConfigError,
  ExitCode,
  type ExitCodeValue,
  InstanceChoiceError,
  InterruptedError,
  LoginDeniedError,
  LoginRequiredError,
  MissingSettingsError,
} from './lib/errors.js'
export {TokenRejectedError} from './lib/portal.js'
