#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers at PGHOST:PGPORT (default 127.0.0.1:5432).
# Starts a stopped Debian cluster; installs PostgreSQL when none exists and we are root.
set -euo pipefail
host=${PGHOST:-127.0.0.1}
port=${PGPORT:-5432}

ready() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$host" -p "$port"; }

if ready; then exit 0; fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL is not running at $host:$port and is not installed." >&2
    echo "Install it (Debian/Ubuntu: sudo apt-get install postgresql) or set DATABASE_URL, MIGRATION_DATABASE_URL and ADMIN_DATABASE_URL." >&2
    exit 1
  fi
  echo "Installing PostgreSQL from Debian's packages..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /etc/postgresql | sort -V | tail -n 1)
if [ -z "$version" ]; then
  echo "No PostgreSQL cluster found under /etc/postgresql; create one with pg_createcluster." >&2
  exit 1
fi
hba=/etc/postgresql/$version/main/pg_hba.conf
# Local development trusts connections from this machine, as the Debian CI image does.
if [ "$(id -u)" = 0 ] && ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
  sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$version" main reload 2>/dev/null || true
fi
pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  if ready; then exit 0; fi
  sleep 1
done
echo "PostgreSQL did not start at $host:$port; see /var/log/postgresql/." >&2
exit 1
