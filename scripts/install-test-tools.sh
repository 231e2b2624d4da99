#!/usr/bin/env bash
# Installs the system tools the tests drive (only those missing).
set -euo pipefail
need_apt=()
# (tools are added here as the tests start to use them)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi
