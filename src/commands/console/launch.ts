import {ConsoleSignInCommand} from '../../console-command.js'

export default class ConsoleLaunch extends ConsoleSignInCommand {}
