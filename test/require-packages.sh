#!/bin/sh
# The Debian packages whose programs the end-to-end tests start as private instances: rsyslog,
# logger (bsdutils), logrotate, Mosquitto and its clients, InfluxDB 1.x, node_exporter, openssl (TLS
# certificates), fonts for the PNG charts, accton (acct) for process accounting, and ping (iputils-ping)
# for net_check, lintian and mandoc for the package's checks. As root, installs what is missing; otherwise says what
# to install and fails.
set -eu
missing=""
need() { [ -e "$1" ] || missing="$missing $2"; }
need /usr/sbin/rsyslogd rsyslog
need /usr/bin/logger bsdutils
need /usr/sbin/logrotate logrotate
need /usr/sbin/mosquitto mosquitto
need /usr/bin/mosquitto_passwd mosquitto-clients
need /usr/bin/influxd influxdb
need /usr/bin/prometheus-node-exporter prometheus-node-exporter
need /usr/bin/openssl openssl
need /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf fonts-dejavu-core
need /usr/sbin/accton acct
need /usr/bin/ping iputils-ping
need /usr/bin/lintian lintian
need /usr/bin/mandoc mandoc
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
