#!/usr/bin/env bash
# The test command (the README's, and what .ci/run runs): installs what the tests need (Azurite, the Azure Storage
# emulator the Azure tests start on loopback ports of their own, and Dovecot, the IMAP server the IMAP tests start),
# then runs every test of the solution.
# Extra arguments go to dotnet test.
set -euo pipefail
cd "$(dirname "$0")/.."

AZURITE_BIN="$(bash scripts/install-azurite.sh)"
export AZURITE_BIN
bash scripts/install-dovecot.sh

dotnet test --solution EmailTriage.sln "$@"
