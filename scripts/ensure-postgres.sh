#!/usr/bin/env bash
# Makes sure the PostgreSQL server that DATABASE_URL names answers (without DATABASE_URL: PGHOST:PGPORT, default
# 127.0.0.1:5432). A server on this machine is started when its Debian cluster is stopped, and installed when none
# exists and we are root; a server elsewhere is only checked, never installed.
# --print-target prints "HOST PORT local|remote" and exits.
set -euo pipefail

# target sets host and port from DATABASE_URL (postgres://user:pass@host:port/db?..., or "host=... port=..."),
# falling back to PGHOST and PGPORT as libpq and pgx do for what the URL leaves out.
target() {
  host=${PGHOST:-127.0.0.1}
  port=${PGPORT:-5432}
  local url=${DATABASE_URL:-} rest hostport
  [ -n "$url" ] || return 0
  case $url in
    postgres://* | postgresql://*)
      rest=${url#*://}
      local query=""
      if [[ $rest == *\?* ]]; then query=${rest#*\?}; rest=${rest%%\?*}; fi
      hostport=${rest%%/*}     # the authority ends at the first '/'
      hostport=${hostport##*@} # after the user and password
      hostport=${hostport%%,*} # the first of several hosts
      if [[ $hostport == \[* ]]; then # [IPv6]:port
        hostport=${hostport#\[}
        host=${hostport%%]*}
        hostport=${hostport#*]}
        if [[ $hostport == :?* ]]; then port=${hostport#:}; fi
      elif [[ $hostport == *:* ]]; then
        if [ -n "${hostport%%:*}" ]; then host=${hostport%%:*}; fi
        if [ -n "${hostport#*:}" ]; then port=${hostport#*:}; fi
      elif [ -n "$hostport" ]; then
        host=$hostport
      fi
      # host= and port= in the query string override the authority (libpq's rule).
      local kv IFS='&'
      for kv in $query; do
        case $kv in
          host=?*) host=${kv#host=}; host=${host%%,*} ;;
          port=?*) port=${kv#port=}; port=${port%%,*} ;;
        esac
      done
      ;;
    *) # key=value connection string
      local word
      for word in $url; do
        case $word in
          host=?*) host=${word#host=}; host=${host%%,*} ;;
          port=?*) port=${word#port=}; port=${port%%,*} ;;
        esac
      done
      ;;
  esac
  host=${host//%2[Ff]//} # a percent-encoded Unix socket directory
  return 0
}

# local_target says whether host is this machine (a loopback name or address, or a Unix socket directory).
local_target() {
  case $host in
    /* | localhost | 127.* | ::1 | 0:0:0:0:0:0:0:1) return 0 ;;
  esac
  return 1
}

target
if local_target; then where=local; else where=remote; fi
if [ "${1:-}" = "--print-target" ]; then
  echo "$host $port $where"
  exit 0
fi

# ready checks that the server accepts connections: with pg_isready when it is installed, otherwise by opening a
# TCP connection (or finding the socket file) so that a machine with no PostgreSQL client can use a remote server.
ready() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -t 3 -h "$host" -p "$port"
    return
  fi
  if [[ $host == /* ]]; then
    [ -S "$host/.s.PGSQL.$port" ]
    return
  fi
  if command -v timeout >/dev/null 2>&1; then
    timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>/dev/null
  else
    bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>/dev/null
  fi
}

if ready; then exit 0; fi

if [ "$where" = remote ]; then
  if [ -n "${DATABASE_URL:-}" ]; then from=DATABASE_URL; else from="PGHOST and PGPORT"; fi
  cat >&2 <<EOF
PostgreSQL does not answer at $host:$port (from $from).
Sembang does not install a server on another machine. Either:
  - make that server reachable from here: check that it runs, that the host and port in $from are right, and
    that no firewall is in the way (test with: pg_isready -h $host -p $port); or
  - unset PGHOST, PGPORT, DATABASE_URL, MIGRATION_DATABASE_URL and ADMIN_DATABASE_URL to use a PostgreSQL on this
    machine.
Point MIGRATION_DATABASE_URL at the same server. ADMIN_DATABASE_URL (a superuser) is needed only when the roles and
the database do not exist there yet.
EOF
  exit 1
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL is not running at $host:$port and is not installed." >&2
    echo "Install it (Debian/Ubuntu: sudo apt-get install postgresql), then run this again; or set DATABASE_URL, MIGRATION_DATABASE_URL and ADMIN_DATABASE_URL to a server that runs." >&2
    exit 1
  fi
  echo "Installing PostgreSQL from Debian's packages..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$version" ]; then
  echo "No PostgreSQL cluster found under /etc/postgresql; create one with pg_createcluster." >&2
  exit 1
fi
if [ "$(id -u)" = 0 ]; then
  hba=/etc/postgresql/$version/main/pg_hba.conf
  # Local development trusts connections from this machine, as the Debian CI image does.
  if ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload 2>/dev/null || true
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start 2>/dev/null || true
elif ! pg_ctlcluster "$version" main start 2>/dev/null && ! ready; then
  echo "PostgreSQL $version is installed but does not answer at $host:$port. Start it (sudo pg_ctlcluster $version main start) and run this again." >&2
  exit 1
fi
for _ in $(seq 1 30); do
  if ready; then exit 0; fi
  sleep 1
done
echo "PostgreSQL did not start at $host:$port; see /var/log/postgresql/ (the Debian cluster listens on the port in /etc/postgresql/$version/main/postgresql.conf)." >&2
exit 1
