#!/usr/bin/env bash
# Set up the project on a fresh Debian machine with Python 3.11:
#   scripts/setup.sh        a virtualenv in .venv with the locked runtime dependencies
#   scripts/setup.sh --dev  also the test tools, and the system packages the tests use:
#                           Java (HermiT reasoner), raptor (independent Turtle parser),
#                           Chromium (browser test of the HTML view)
set -euo pipefail
cd "$(dirname "$0")/.."
dev=0
[ "${1:-}" = "--dev" ] && dev=1
lock=requirements.lock
if [ "$dev" = 1 ]; then
  lock=requirements-dev.lock
  need=()
  command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
  command -v rapper >/dev/null 2>&1 || need+=(raptor2-utils)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  fc-list 2>/dev/null | grep -qi "noto.*cjk" || need+=(fonts-noto-cjk)
  if [ "${#need[@]}" -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "setup: installing ${need[*]} with apt-get" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r "$lock"
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
# kg's bytecode, as pip compiles an installed package's (an editable install leaves it to
# the first run, and PYTHONDONTWRITEBYTECODE=1 keeps Python from ever writing it)
.venv/bin/python -m compileall -q kg >/dev/null
