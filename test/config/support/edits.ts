import type {SectionEdit, SectionRef} from '../../../src/lib/config/edit.js'

/** Edits of `[profile NAME]`, as the editor specs write them. */
export const profile = (name: string): SectionRef => ({kind: 'profile', name})
export const set = (name: string, ...pairs: Array<[string, string]>): SectionEdit => ({section: profile(name), set: pairs})
export const remove = (name: string, ...keys: string[]): SectionEdit => ({section: profile(name), remove: keys})
