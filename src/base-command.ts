import {Command, Flags} from '@oclif/core'

import {flagErrorLine, isFlagError} from './flag-error.js'
import {exitQuietlyOnClosedStdout, type Interrupts, listenForInterrupts} from './interrupts.js'
import {ExitCode, exitCodeOf, isAppError, oneLine} from './lib/errors.js'
import {quietSdkNodeWarning} from './lib/portal.js'
import {escapeControls} from './lib/server-text.js'
import {VERBOSE_FLAG, verbosityOf} from './lib/verbosity.js'
import {aliasUnderPluginTopic} from './plugin/topic-aliases.js'
import {startVerboseTrace, traceFailure} from './verbose-trace.js'

// Also when loaded as a plugin, where bin/run.js does not run.
quietSdkNodeWarning()

/**
 * Shared flags and error handling: a failure is one line on stderr and the documented exit code;
 * a stack trace only with --debug. Every command stops on SIGINT / SIGTERM through `interrupts`.
 */
export abstract class BaseCommand extends Command {
  static baseFlags = {
    debug: Flags.boolean({description: 'Show stack traces and debug detail on errors.', helpGroup: 'GLOBAL'}),
    verbose: Flags.boolean(VERBOSE_FLAG),
  }
  /** The line printed when Ctrl-C or SIGTERM stops the command. */
  static interruptMessage = 'Interrupted.'
  protected interrupts!: Interrupts
  /** 0, or 1 to 3 for -v, -vv, -vvv (a command with a --verbose of its own keeps 0). */
  protected verbosity = 0

  /**
   * Our package root when a host CLI runs us as its plugin (`heroku aws-sso:…`), undefined when
   * we are the CLI. oclif records on each command class the plugin it was loaded from.
   */
  protected pluginRoot(): string | undefined {
    const {plugin} = this.constructor as typeof Command
    return plugin && !plugin.isRoot ? plugin.root : undefined
  }

  protected async catch(error: Error & {code?: string; exitCode?: number; oclif?: {exit?: number}; parse?: unknown}): Promise<unknown> {
    if (isAppError(error) || !error.oclif) {
      // Messages quote config text and typed words: inert on the terminal.
      process.stderr.write(`${escapeControls(oneLine(error))}\n`)
      traceFailure(this.verbosity, error)
      if (this.argv.includes('--debug') && this.verbosity < 3 && error.stack) process.stderr.write(`${error.stack}\n`)
      process.exitCode = exitCodeOf(error)
      return
    }

    if (isFlagError(error)) {
      process.stderr.write(`${flagErrorLine(error)}\n`)
      if (this.argv.includes('--debug') && error.stack) process.stderr.write(`${error.stack}\n`)
      process.exitCode = ExitCode.configuration
      return
    }

    // oclif's other errors (exit requests) keep oclif's handling.
    return super.catch(error)
  }

  protected async finally(error: Error | undefined): Promise<unknown> {
    this.interrupts?.dispose()
    return super.finally(error)
  }

  async init(): Promise<void> {
    await super.init()
    exitQuietlyOnClosedStdout()
    const own = (this.constructor as typeof Command).flags?.verbose
    this.verbosity = own && own.char !== 'v' ? 0 : verbosityOf(this.argv)
    startVerboseTrace(this.verbosity)
    this.interrupts = listenForInterrupts((this.constructor as typeof BaseCommand).interruptMessage)
  }
}

// Every command under src/commands is also `aws-sso:<id>`, for hosts whose own commands shadow ours.
aliasUnderPluginTopic(BaseCommand)
