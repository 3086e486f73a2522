#!/usr/bin/env -S node --import tsx --disable-warning=ExperimentalWarning
'use strict'
// Runs the commands from src/ through tsx, for development.
const root = require('node:path').join(__dirname, '..')

import('@oclif/core').then(({execute}) => execute({development: true, dir: root}))
