import {expect} from 'chai'

import type {SectionEdit, SectionRef} from '../../../src/lib/config/edit.js'

import {ConfigError} from '../../../src/lib/errors.js'

/** Edits of `[profile NAME]`, as the editor specs write them. */
export const profile = (name: string): SectionRef => ({kind: 'profile', name})
export const set = (name: string, ...pairs: Array<[string, string]>): SectionEdit => ({section: profile(name), set: pairs})
export const remove = (name: string, ...keys: string[]): SectionEdit => ({section: profile(name), remove: keys})

/** The ConfigError that fn throws; fails the test when it throws nothing or something else. */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn()
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError)
    return error as ConfigError
  }

  return expect.fail('expected a ConfigError')
}
