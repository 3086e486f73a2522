#!/usr/bin/env node
'use strict'
// CommonJS on purpose: credential-process is spawned by every SDK client start, and with valid
// cached credentials it loads one bundled file, neither @oclif/core nor the AWS SDK.

// The AWS SDK warns on stderr that its future releases need Node 22; we support Node 20 and that
// text would otherwise reach every SDK client's error output through credential_process.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const root = require('node:path').join(__dirname, '..')

async function runOclif() {
  const {flush, handle, run} = await import('@oclif/core')
  try {
    await run(process.argv.slice(2), root)
    await flush()
  } catch (error) {
    // Our commands print a bad flag as one line themselves; this gives the plugins' commands
    // (autocomplete, help) the same shape instead of oclif's usage block.
    const {flagErrorLine, isFlagError} = await import('../dist/flag-error.js')
    if (!isFlagError(error) || process.argv.includes('--debug')) return handle(error)
    process.stderr.write(`${flagErrorLine(error)}\n`)
    process.exitCode = 2
  }
}

// No command at all is a usage error, as in the original tool: the root help on stderr, exit 2,
// nothing on stdout for a script to mistake for output.
async function missingCommand() {
  const {Config, loadHelpClass} = await import('@oclif/core')
  const config = await Config.load(root)
  const Help = await loadHelpClass(config)
  await new Help(config, {...config.pjson.oclif.helpOptions, sendToStderr: true}).showHelp([])
  process.exitCode = 2
}

async function main() {
  // The original tool's completion line in an existing rc file: a script for the shell, never help.
  const completeMode = process.env._AWS_SSO_UTIL_COMPLETE
  if (completeMode !== undefined) {
    const {printCompletionSource} = await import('../dist/completion-source.js')
    process.exitCode = await printCompletionSource(completeMode, root)
    return
  }

  // A bare version, as the original tool prints and its users' scripts parse; the `version`
  // command gives the long form.
  if (process.argv.length === 3 && process.argv[2] === '--version') {
    process.stdout.write(`${require('../package.json').version}\n`)
    return
  }

  if (process.argv.length === 2) {
    await missingCommand()
    return
  }

  if (process.argv[2] === 'credential-process') {
    // Through the loader: it compiles the bundle with this user's V8 code cache (src/fast/code-cache.ts).
    const {loadBundle} = require('../dist/fast/load.cjs')
    const bundle = loadBundle(require('node:path').join(root, 'dist', 'fast', 'credential-process.cjs'), require)
    if (await bundle.exports.runFast(process.argv.slice(3))) {
      if (!process.exitCode) bundle.saveCache()
      return
    }
  }

  await runOclif()
}

main()
