#!/bin/sh
# Entrypoint of the postgres stand-in (see Dockerfile): on first start, initdb as the
# postgres user with POSTGRES_USER / POSTGRES_PASSWORD and create POSTGRES_DB; then run the
# server in the foreground as PID 1, listening on 0.0.0.0:5432 with password auth (scram)
# over the network and trust on the local socket, as the official image does.
set -eu

if [ "${1:-postgres}" != postgres ]; then
    exec "$@"
fi
[ "$#" -eq 0 ] || shift

: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "postgres stand-in: POSTGRES_PASSWORD must be set (as with the official image)" >&2
    exit 1
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    echo "postgres stand-in: initialising $PGDATA for user $POSTGRES_USER, database $POSTGRES_DB"
    pwfile=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    initdb --pgdata="$PGDATA" --username="$POSTGRES_USER" --pwfile="$pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    printf "listen_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
    printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
    if [ "$POSTGRES_DB" != postgres ]; then
        # single-user mode: no server is listening until the real start below
        quoted=$(printf '%s' "$POSTGRES_DB" | sed 's/"/""/g')
        printf 'CREATE DATABASE "%s";\n' "$quoted" |
            postgres --single -j -D "$PGDATA" postgres >/dev/null
    fi
    echo "postgres stand-in: initialised"
fi

exec postgres -D "$PGDATA" "$@"
