#!/usr/bin/env bash
# Installs the IMAP server the IMAP tests start on loopback ports of their own (Debian's dovecot-imapd), once,
# non-interactively. The package's own service is not needed: the tests run dovecot with a throw-away configuration.
set -euo pipefail

if [ ! -x /usr/sbin/dovecot ]; then
  command -v apt-get >/dev/null || { echo "dovecot is needed for the IMAP tests: install dovecot-imapd" >&2; exit 1; }
  echo "Installing dovecot-imapd" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq dovecot-imapd >&2
fi
