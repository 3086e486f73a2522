import type {Hook} from '@oclif/core'

/** After `autocomplete` (re)writes its completion functions, teach them profile names. */
const hook: Hook.Postrun = async function (options) {
  if (options.Command?.id !== 'autocomplete:create') return
  const {addProfileCompletion} = await import('../lib/everyday/completion.js')
  await addProfileCompletion(options.config.cacheDir, options.config.bin)
}

export default hook
