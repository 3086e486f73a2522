import {ConsoleSignInCommand} from '../../console-command.js'

/** The original's name for `console launch --config-token`; the token is required. */
export default class ConsoleLaunchFromConfig extends ConsoleSignInCommand {
  static tokenRequired = true
  static description = `Open the AWS console with a config token from \`console config-token\` (the original's name for \`console launch --config-token\`).`
}
