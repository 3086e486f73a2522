import {expect} from 'chai'
import {delimiter} from 'node:path'

import {browserCommands, chooseBrowser, splitCommandLine} from '../../src/lib/auth/browser.js'

describe('chooseBrowser: whether opening a browser can reach the user', () => {
  it('AWS_SSO_DISABLE_BROWSER wins over everything, BROWSER over the display checks', () => {
    expect(chooseBrowser({AWS_SSO_DISABLE_BROWSER: 'yes', BROWSER: 'firefox', DISPLAY: ':0'}, 'linux')).to.deep.equal({
      canOpen: false,
      reason: 'AWS_SSO_DISABLE_BROWSER is set',
    })
    expect(chooseBrowser({AWS_SSO_DISABLE_BROWSER: 'no', BROWSER: 'firefox', SSH_CONNECTION: '1 2 3 4'}, 'linux')).to.deep.equal({
      canOpen: true,
      via: 'BROWSER',
    })
    expect(chooseBrowser({BROWSER: '   '}, 'darwin')).to.deep.equal({canOpen: true, via: 'system'})
  })

  it('an SSH session without a display would open a tab on the wrong machine', () => {
    expect(chooseBrowser({SSH_TTY: '/dev/pts/1'}, 'darwin')).to.deep.equal({canOpen: false, reason: 'this is an SSH session without a display'})
    expect(chooseBrowser({SSH_CONNECTION: '1 2 3 4', WAYLAND_DISPLAY: 'wayland-0'}, 'linux')).to.deep.equal({canOpen: true, via: 'system'})
  })

  it('Linux needs a display unless it is WSL; macOS and Windows always have one', () => {
    expect(chooseBrowser({}, 'linux')).to.deep.equal({canOpen: false, reason: 'there is no display: DISPLAY and WAYLAND_DISPLAY are unset'})
    expect(chooseBrowser({WSL_DISTRO_NAME: 'Ubuntu'}, 'linux')).to.deep.equal({canOpen: true, via: 'system'})
    expect(chooseBrowser({}, 'darwin')).to.deep.equal({canOpen: true, via: 'system'})
    expect(chooseBrowser({}, 'win32')).to.deep.equal({canOpen: true, via: 'system'})
  })
})

describe('splitCommandLine and browserCommands: BROWSER without a shell', () => {
  it('splits on blanks, keeps quoted blanks, and handles the escapes a shell would in double quotes', () => {
    expect(splitCommandLine('  open -a "Google Chrome"  ')).to.deep.equal(['open', '-a', 'Google Chrome'])
    expect(splitCommandLine(String.raw`say "a \"b\" \\c \d" 'e "f"' ''`)).to.deep.equal(['say', String.raw`a "b" \c \d`, 'e "f"', ''])
    expect(splitCommandLine('')).to.deep.equal([])
  })

  it('each delimiter-separated entry is one command; %s takes the URL, else the URL goes last', () => {
    const url = 'https://example.com/a?b=c'
    expect(browserCommands(`firefox --new-tab %s${delimiter}${delimiter}'my browser'`, url)).to.deep.equal([
      ['firefox', '--new-tab', url],
      ['my browser', url],
    ])
    expect(browserCommands('echo pre%spost', url)).to.deep.equal([['echo', `pre${url}post`]])
  })
})
