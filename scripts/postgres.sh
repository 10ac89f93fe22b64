#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite, on a free 127.0.0.1 port.
#
#   scripts/postgres.sh start DIR   # prints postgresql+psycopg://USER@127.0.0.1:PORT/mockelb last
#   scripts/postgres.sh stop DIR
#
# DIR (created if missing) holds the cluster, its log and its settings. Installs the server with
# apt-get when initdb/pg_ctl are missing (as root). As root the server runs as the `postgres`
# user, or `mockelb-ci` (created) if there is none: initdb refuses to run as root. Local
# connections are trusted: the server listens on 127.0.0.1 only and has no unix socket.
set -euo pipefail

die() {
    echo "postgres.sh: $*" >&2
    exit 1
}

bin_dir() { # the directory holding initdb and pg_ctl, newest version first
    local dir
    dir=$(dirname "$(realpath "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")")
    for dir in "$dir" $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV); do
        if [[ -x $dir/initdb && -x $dir/pg_ctl ]]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

as_owner() { # run a command as the cluster's owner
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u "$owner" -- "$@"
    else
        "$@"
    fi
}

[[ $# -eq 2 && ($1 == start || $1 == stop) ]] || die "usage: $0 start|stop DIR"
command=$1
dir=$(realpath -m "$2")

if ! bins=$(bin_dir); then
    [[ $command == start ]] || die "no PostgreSQL server binaries (initdb, pg_ctl) found"
    [[ $(id -u) -eq 0 ]] || die "initdb/pg_ctl not found; install PostgreSQL or run as root"
    echo "postgres.sh: installing PostgreSQL with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq postgresql; } >&2; then
        die "apt-get install postgresql failed"
    fi
    bins=$(bin_dir) || die "initdb/pg_ctl still missing after installing postgresql"
fi

if [[ $command == stop ]]; then
    [[ -f $dir/data/PG_VERSION ]] || die "no cluster in $dir"
    owner=$(stat -c %U "$dir/data")
    as_owner "$bins/pg_ctl" stop -D "$dir/data" -m fast -t 60 >&2
    exit 0
fi

owner=$(id -un)
if [[ $(id -u) -eq 0 ]]; then
    owner=postgres
    if ! id -u "$owner" >/dev/null 2>&1; then
        owner=mockelb-ci
        id -u "$owner" >/dev/null 2>&1 ||
            useradd --system --no-create-home --shell /usr/sbin/nologin "$owner" ||
            die "cannot create the user $owner"
    fi
fi
[[ ! -e $dir/data ]] || die "$dir/data already exists; stop it and use a new directory"
mkdir -p "$dir"
[[ $(id -u) -ne 0 ]] || chown "$owner" "$dir"
chmod 700 "$dir"
as_owner test -w "$dir" || die "$owner cannot write to $dir (check its parent directories)"

as_owner "$bins/initdb" -D "$dir/data" -U "$owner" --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || die "initdb failed: $(tail -5 "$dir/initdb.log")"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 300
shared_buffers = 128MB
# a throwaway server: a commit need not wait for its WAL flush (no corruption risk)
synchronous_commit = off
EOF
as_owner "$bins/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 60 >&2 ||
    die "the server did not start: $(tail -5 "$dir/server.log")"

# a database with a linguistic (ICU) collation, like most real servers, when ICU is available
createdb=("$bins/createdb" -h 127.0.0.1 -p "$port" -U "$owner")
if ! "${createdb[@]}" -T template0 --locale-provider=icu --icu-locale=en-US mockelb 2>/dev/null; then
    "${createdb[@]}" mockelb || {
        as_owner "$bins/pg_ctl" stop -D "$dir/data" -m fast >&2
        die "createdb failed"
    }
fi
echo "postgresql+psycopg://$owner@127.0.0.1:$port/mockelb"
