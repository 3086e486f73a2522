// The login library. Cheap to import: the SDK, the browser launcher and the login flows are
// loaded only when a token has to be fetched (see test/auth/load-cost.e2e.test.ts).
export type {SsoToken} from '../cache/token-cache.js'
export {type ConfiguredInstance, describeSource, type InstanceChoice, instancesInConfig, sameInstance, selectInstance} from './instances.js'
export {logoutAll, logoutInstance, type LogoutResult} from './logout.js'
export {formatLocalTime, loginCommandFor} from './messages.js'
export {streamUi} from './stream-ui.js'
export {ensureToken, type EnsureTokenOptions} from './token-provider.js'
export {type Env, type LoginUi, silentUi} from './ui.js'
