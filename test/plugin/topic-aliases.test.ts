import {expect} from 'chai'

import {aliasUnderPluginTopic, hiddenAliasesFor, topicAlias} from '../../src/plugin/topic-aliases.js'

describe('plugin: every command under the aws-sso topic', () => {
  it('names the alias in oclif standard form, whatever separator the id was written with', () => {
    expect(topicAlias('login')).to.equal('aws-sso:login')
    expect(topicAlias('configure:profile')).to.equal('aws-sso:configure:profile')
    expect(topicAlias('configure profile')).to.equal('aws-sso:configure:profile')
  })

  it("keeps a command's own hidden aliases and gives its visible aliases the topic too", () => {
    expect(hiddenAliasesFor('login', {})).to.deep.equal(['aws-sso:login'])
    expect(hiddenAliasesFor('login', {aliases: ['sign-in'], hiddenAliases: ['signin']})).to.deep.equal(['aws-sso:login', 'aws-sso:sign-in', 'signin'])
    // An id already under the topic needs no second prefix.
    expect(hiddenAliasesFor('aws-sso:x', {})).to.deep.equal([])
  })

  it('gives a subclass its alias when oclif assigns its id, and only to that subclass', () => {
    class Base {
      static aliases: string[] = []
      static hiddenAliases: string[] = []
      declare static id: string
    }
    aliasUnderPluginTopic(Base)
    class Login extends Base {}
    class Profile extends Base {
      static hiddenAliases = ['old-profile']
    }
    // What oclif's plugin loader does before it reads the statics for the manifest.
    Login.id = 'login'
    Profile.id = 'configure:profile'
    expect(Login.id).to.equal('login')
    expect(Login.hiddenAliases).to.deep.equal(['aws-sso:login'])
    expect(Profile.hiddenAliases).to.deep.equal(['aws-sso:configure:profile', 'old-profile'])
    expect(Base.hiddenAliases).to.deep.equal([])
    // oclif copies own enumerable statics when it caches a command (cache-command's mergePrototype).
    expect({...Login}).to.include({id: 'login'})
    expect(Object.keys(Login)).to.include('hiddenAliases')
  })
})
