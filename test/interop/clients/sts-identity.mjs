#!/usr/bin/env node
// Prints the ARN STS GetCallerIdentity gives for the credentials in the environment (as a child of
// `aws-sso-util exec` sees them), through the SDK for JavaScript v3's default chain.
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'

try {
  const client = new STSClient({region: process.env.AWS_REGION ?? 'us-east-1'})
  const out = await client.send(new GetCallerIdentityCommand({}))
  process.stdout.write(`${out.Arn}\n`)
} catch (error) {
  process.stderr.write(`${error.name}: ${String(error.message).split('\n')[0]}\n`)
  process.exitCode = 1
}
