#!/usr/bin/env node
// Runs a command through oclif itself, as the plugin host and `--help` do, bypassing bin/run.js's
// slim credential-process entry, so both paths can be held to the same behaviour.
import {execute} from '@oclif/core'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
await execute({dir: root, args: process.argv.slice(2)})
