// The login library. Cheap to import: the SDK, the browser launcher and the login flows are
// loaded only when a token has to be fetched (see test/auth/load-cost.e2e.test.ts).
export type {SsoToken} from '../cache/token-cache.js'
export {type ConfiguredInstance, describeSource, findConfigured, type InstanceChoice, instancesInConfig, profileInstance, sameInstance, selectInstance, sessionInstance} from './instances.js'
export {logoutAll, logoutInstance, type LogoutOptions, type LogoutResult} from './logout.js'
export {formatLocalTime, loginCommandFor} from './messages.js'
export {streamUi} from './stream-ui.js'
export {DEFAULT_MIN_VALIDITY_SECONDS, ensureToken, type EnsureTokenOptions, tokenLockPath} from './token-provider.js'
export {type Env, type LoginUi, silentUi} from './ui.js'
