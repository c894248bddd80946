#!/usr/bin/env bash
# Debian packages the tests need: PostgreSQL (a throwaway server per run), Chromium (browser
# tests through Playwright) and Pango with a font (WeasyPrint draws the report's PDF with them). Installs them when missing and we are root; otherwise says how.
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Faltan paquetes de Debian: ${missing[*]}. Instálelos con: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Instalando paquetes de Debian: ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
# The Debian package starts a cluster of its own; the tests start their own server instead.
if command -v pg_lsclusters >/dev/null && [ -n "$(pg_lsclusters -h 2>/dev/null)" ]; then
  pg_ctlcluster "$(pg_lsclusters -h | awk 'NR==1{print $1}')" main stop 2>/dev/null || true
fi
