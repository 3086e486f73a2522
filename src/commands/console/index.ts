import ConsoleLaunch from './launch.js'

/** `console` and `console launch` are one command: the original's name, and the short one people type. */
export default class Console extends ConsoleLaunch {}
