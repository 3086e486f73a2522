import {ConsoleSignInCommand} from '../../console-command.js'

/** The original's name for `console launch --config-token`; the token is required. */
export default class ConsoleLaunchFromConfig extends ConsoleSignInCommand {
  static examples = [
    '<%= config.bin %> console launch-from-config --config-token eyJ2IjoiMSIsInNzb3VybCI6Imh0dHBzOi8v...',
    '<%= config.bin %> console launch-from-config -t eyJ2IjoiMSIsInNzb3VybCI6Imh0dHBzOi8v... -a 123456789012 -r ReadOnly --print',
  ]
  static tokenRequired = true
  static description = `Open the AWS console with a config token from \`console config-token\` (the original's name for \`console launch --config-token\`).`
}
