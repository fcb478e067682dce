#!/bin/sh
# The Debian packages the end-to-end tests use: a real rsyslogd and logger(1). As root, installs what
# is missing; otherwise says what to install and fails.
set -eu
missing=""
command -v /usr/sbin/rsyslogd >/dev/null 2>&1 || missing="$missing rsyslog"
command -v logger >/dev/null 2>&1 || missing="$missing bsdutils"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "flightlog tests: installing$missing" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  exit 0
fi
echo "flightlog tests need Debian packages:$missing" >&2
echo "install them first:  sudo apt-get install$missing" >&2
exit 1
