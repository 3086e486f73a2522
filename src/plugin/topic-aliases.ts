/**
 * Every command of ours is also reachable as `aws-sso:<id>` (`heroku aws-sso:login`,
 * `sf aws-sso configure profile`), because a host CLI's own `login`, `logout` or `configure`
 * wins over a plugin's command of the same name and would leave ours unreachable.
 *
 * Why hidden oclif aliases and not explicit command discovery: aliases keep one module per
 * command, so a host imports only the module of the command that runs (an explicit COMMANDS
 * object imports every command module, and credential-process must stay cheap), and the manifest
 * carries the alias ids, so a host resolves `aws-sso:login` without loading any of our code.
 * Hidden, because standalone `aws-sso-util login --help` would otherwise grow an ALIASES section
 * and the root help an `aws-sso` topic; in a host the names are documented in the README.
 *
 * Why automatic: oclif assigns `Command.id` from the file's place under src/commands just before
 * it reads the command's statics (for the manifest and for running), so an `id` setter on the
 * base class can add the alias then; a new command file gets it without declaring anything.
 */
export const PLUGIN_TOPIC = 'aws-sso'

/** `configure:profile` → `aws-sso:configure:profile` (oclif's standard `:` form; hosts map their separator). */
export function topicAlias(id: string): string {
  return `${PLUGIN_TOPIC}:${id.replaceAll(' ', ':')}`
}

interface CommandStatics {
  id?: string
  aliases?: string[]
  hiddenAliases?: string[]
}

/** The hidden aliases a command with this id and these statics gets: its own plus `aws-sso:` forms. */
export function hiddenAliasesFor(id: string, statics: CommandStatics): string[] {
  const own = statics.hiddenAliases ?? []
  const names = [id, ...(statics.aliases ?? [])].filter((name) => !name.startsWith(`${PLUGIN_TOPIC}:`))
  return [...new Set([...names.map((name) => topicAlias(name)), ...own])]
}

/**
 * Installs on `base` an `id` accessor whose setter, when oclif writes `Subclass.id = '<id>'`,
 * stores the id on the subclass itself and gives it its `aws-sso:` hidden aliases.
 */
export function aliasUnderPluginTopic(base: object): void {
  Object.defineProperty(base, 'id', {
    configurable: true,
    enumerable: false,
    // Until oclif names the class, it has no id (Command's own static is undefined too).
    get(): string | undefined {
      return undefined as string | undefined
    },
    set(this: CommandStatics, id: string) {
      const own = Object.hasOwn(this, 'hiddenAliases') ? this.hiddenAliases : []
      const hiddenAliases = id === undefined ? own : hiddenAliasesFor(id, {aliases: this.aliases, hiddenAliases: own})
      Object.defineProperty(this, 'id', {value: id, writable: true, enumerable: true, configurable: true})
      Object.defineProperty(this, 'hiddenAliases', {value: hiddenAliases, writable: true, enumerable: true, configurable: true})
    },
  })
}
