#!/usr/bin/env node
// credential-process is spawned by every SDK client start; it takes a slim path that loads
// neither @oclif/core nor the AWS SDK when cached credentials are still good.
// The AWS SDK warns on stderr that its future releases need Node 22; we support Node 20 and that
// text would otherwise reach every SDK client's error output through credential_process.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

if (process.argv[2] === 'credential-process') {
  const {runFast} = await import('../dist/fast/credential-process.js')
  const handled = await runFast(process.argv.slice(3))
  if (!handled) await runOclif()
} else {
  await runOclif()
}

async function runOclif() {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
}
