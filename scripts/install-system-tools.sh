#!/usr/bin/env bash
# Installs the system tools the test suite drives (Debian/Ubuntu, as root): a real browser, a real
# terminal, AWS CLI v2, boto3, GNU patch, fish, zsh, git (the install-from-source test), and for the
# Windows suite Wine with Go and the AWS SDK for Go v2 (its probe is built for Windows; Node for
# Windows comes from the npm registry, see scripts/windows-env.sh). CI runs this; a developer runs it once with sudo.
# Only what is missing is installed.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v patch >/dev/null 2>&1 || need+=(patch)
command -v fish >/dev/null 2>&1 || need+=(fish)
command -v zsh >/dev/null 2>&1 || need+=(zsh)
command -v git >/dev/null 2>&1 || need+=(git)
[ -x /usr/bin/aws ] || need+=(awscli)
command -v go >/dev/null 2>&1 || need+=(golang-go)
[ -d /usr/share/gocode/src/github.com/aws/aws-sdk-go-v2/config ] || need+=(golang-github-aws-aws-sdk-go-v2-dev)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v wine64 >/dev/null 2>&1 || [ -x /usr/lib/wine/wine64 ] || need+=(wine64)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need[@]}"
fi
python3 -c 'import boto3' 2>/dev/null || python3 -m pip install --quiet boto3 || apt-get install -y -q python3-boto3
