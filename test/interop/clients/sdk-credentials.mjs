#!/usr/bin/env node
// Resolves credentials the way an application using one AWS SDK for JavaScript would, for the
// profile in AWS_PROFILE, and prints the access key id (or the error) so a test can see which
// provider answered. Usage: node sdk-credentials.mjs v3-ini | v3-chain | v2-chain
import {createRequire} from 'node:module'

const require = createRequire(import.meta.url)
const which = process.argv[2]
try {
  let accessKeyId
  if (which === 'v3-ini' || which === 'v3-chain') {
    const {fromIni, fromNodeProviderChain} = await import('@aws-sdk/credential-providers')
    const provider = which === 'v3-ini' ? fromIni({profile: process.env.AWS_PROFILE}) : fromNodeProviderChain()
    ;({accessKeyId} = await provider())
  } else if (which === 'v2-chain') {
    // aws-sdk v2 reads ~/.aws/config only with AWS_SDK_LOAD_CONFIG; its SSO client takes the
    // emulator's endpoint from the service-specific config, as an application would set it.
    const AWS = require('aws-sdk')
    if (process.env.TEST_SSO_ENDPOINT) AWS.config.sso = {endpoint: process.env.TEST_SSO_ENDPOINT}
    const credentials = await new AWS.CredentialProviderChain().resolvePromise()
    ;({accessKeyId} = credentials)
  } else {
    throw new Error(`unknown client ${which}`)
  }

  process.stdout.write(`${accessKeyId}\n`)
} catch (error) {
  process.stderr.write(`${error.name}: ${String(error.message).split('\n')[0]}\n`)
  process.exitCode = 1
}
