#!/usr/bin/env bash
# Makes sure `kubectl` (with its built-in kustomize) is on PATH for the deploy tests. A kubectl that is already
# there is kept: Debian's kubernetes-client package would conflict with it. Otherwise installs that package.
set -euo pipefail

if command -v kubectl >/dev/null 2>&1; then
  echo "kubectl present: $(command -v kubectl)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-kubectl: no kubectl on PATH and no apt-get to install Debian's kubernetes-client" >&2
  exit 1
fi
SUDO=
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-kubectl: need root (or sudo) to run apt-get" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends kubernetes-client
command -v kubectl >/dev/null 2>&1 || { echo "install-kubectl: kubernetes-client installed no kubectl" >&2; exit 1; }
echo "kubectl installed: $(command -v kubectl)"
