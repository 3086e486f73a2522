import {Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'

/**
 * Our own rather than @oclif/plugin-version: its --verbose asks the npm registry about the package
 * with no time limit, so on a machine whose registry is slow or unreachable it never returns. A
 * version command must answer from what is on disk. Under a host CLI it is `aws-sso:version`, since
 * the host's own `version` names the host.
 */
export default class Version extends BaseCommand {
  static description = `Show the version of aws-sso-util.

Prints "aws-sso-util/VERSION PLATFORM-ARCH node-vNODE". With --verbose, also the installed plugins, the operating system, the shell and where the CLI is installed. --version prints the bare version number, for scripts.`
  static enableJsonFlag = true
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --verbose']
  static flags = {
    verbose: Flags.boolean({description: 'Also show the plugins, operating system, shell and install path.'}),
  }

  async run(): Promise<Record<string, unknown>> {
    const {flags} = await this.parse(Version)
    const {architecture, nodeVersion, osVersion, pluginVersions, shell} = this.config.versionDetails
    // Ours, not the host's, when a host CLI runs us as its plugin.
    const ours = (this.constructor as typeof BaseCommand).plugin
    const cliVersion = ours ? `${ours.name}/${ours.version}` : this.config.versionDetails.cliVersion
    const rootPath = ours?.root ?? this.config.versionDetails.rootPath
    if (!flags.verbose) {
      this.log(`${cliVersion} ${architecture} ${nodeVersion}`)
      return {architecture, cliVersion, nodeVersion}
    }

    const plugins = Object.entries(pluginVersions ?? {})
      .map(([name, p]) => `${name} ${p.version} (${p.type})${p.type === 'link' ? ` ${p.root}` : ''}`)
      .sort()
    const sections: Array<[string, string]> = [
      ['CLI Version', cliVersion],
      ['Architecture', architecture],
      ['Node Version', nodeVersion],
      ['Plugin Version', plugins.join('\n\t')],
      ['OS and Version', osVersion ?? 'unknown'],
      ['Shell', shell ?? 'unknown'],
      ['Root Path', rootPath ?? 'unknown'],
    ]
    this.log(sections.map(([title, value]) => ` ${title}:\n\t${value}\n`).join('\n'))
    return {architecture, cliVersion, nodeVersion, osVersion, pluginVersions: plugins, rootPath, shell: shell ?? 'unknown'}
  }
}
