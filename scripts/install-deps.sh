#!/usr/bin/env bash
# Installs what Duet needs to build, run and test on Debian 12. Idempotent: a second run that
# finds everything present does nothing and takes well under a second.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
  libssl-dev libsqlite3-dev sqlite3 libpq-dev postgresql-15
  libsodium-dev nlohmann-json3-dev libhowardhinnant-date-dev tzdata
  libspdlog-dev libfmt-dev libcli11-dev libexpected-dev
  libcurl4-openssl-dev libqrencode-dev liboath-dev
  libgtest-dev libgmock-dev libbenchmark-dev clang-format-14 clang-format clang-tidy
  wrk chromium openssl curl nodejs npm
  python3-aiosmtpd coturn
  libpango1.0-dev libcairo2-dev fonts-dejavu-core poppler-utils
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs/npm may come from outside Debian's packages; accept them when on PATH.
    case "$p" in
      nodejs) command -v node >/dev/null && continue ;;
      npm) command -v npm >/dev/null && continue ;;
    esac
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "install-deps: installing ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
