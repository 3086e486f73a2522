import {Command, Flags, Interfaces} from '@oclif/core'

import {exitCodeOf, isAppError, oneLine} from './lib/errors.js'
import {quietSdkNodeWarning} from './lib/portal.js'
import {aliasUnderPluginTopic} from './plugin/topic-aliases.js'

// Also when loaded as a plugin, where bin/run.js does not run.
quietSdkNodeWarning()

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>

/**
 * Shared flags and error handling: a failure is one line on stderr and the documented exit code;
 * a stack trace only with --debug.
 */
export abstract class BaseCommand extends Command {
  static baseFlags = {
    debug: Flags.boolean({description: 'Show stack traces and debug detail on errors.', helpGroup: 'GLOBAL'}),
  }

  /**
   * Our package root when a host CLI runs us as its plugin (`heroku aws-sso:…`), undefined when
   * we are the CLI. oclif records on each command class the plugin it was loaded from.
   */
  protected pluginRoot(): string | undefined {
    const {plugin} = this.constructor as typeof Command
    return plugin && !plugin.isRoot ? plugin.root : undefined
  }

  protected async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    if (isAppError(error) || !error.oclif) {
      process.stderr.write(`${oneLine(error)}\n`)
      if (this.argv.includes('--debug') && error.stack) process.stderr.write(`${error.stack}\n`)
      process.exitCode = exitCodeOf(error)
      return
    }

    // oclif's own errors (unknown flag, missing argument, exit requests) keep oclif's handling.
    return super.catch(error)
  }
}

// Every command under src/commands is also `aws-sso:<id>`, for hosts whose own commands shadow ours.
aliasUnderPluginTopic(BaseCommand)
