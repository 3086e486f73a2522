import {ConsoleSignInCommand} from '../../console-command.js'

export default class Console extends ConsoleSignInCommand {}
