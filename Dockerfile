# mockelb: a local emulator of the Huawei Cloud ELB v3 API.
#
#   docker build -t mockelb .
#   docker run --rm -p 9080:9080 mockelb                     # demo data, in-memory database
#   docker run --rm -p 9080:9080 mockelb serve --no-demo     # flags go after `serve`
#   docker run --rm -p 9080:9080 -v mockelb-data:/data \
#       -e MOCKELB_DATABASE_URL=sqlite:////data/mockelb.db mockelb   # state kept in a volume
#
# Every MOCKELB_* variable works (MOCKELB_DATABASE_URL, MOCKELB_SEED, MOCKELB_NO_DEMO,
# MOCKELB_LOG_LEVEL, ...); PostgreSQL support (psycopg 3) is installed.
#
# BASE_IMAGE may be any Debian-based image with python3 (>= 3.11), its venv module and pip,
# e.g. a local image built with debootstrap (docker/test-stack.sh does that).
ARG BASE_IMAGE=python:3.12-slim

FROM ${BASE_IMAGE} AS builder
# pip settings for networks that need them (only set when given with --build-arg);
# HTTP_PROXY / HTTPS_PROXY / NO_PROXY are Docker's predefined build arguments
ARG PIP_INDEX_URL
ARG PIP_EXTRA_INDEX_URL
ARG PIP_TRUSTED_HOST
ARG PIP_CERT
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY mockelb ./mockelb
# the server and its postgres extra, no test tools; the .pyc files are compiled here once;
# pip and setuptools leave the venv afterwards (the runtime needs neither)
RUN python3 -m venv /opt/mockelb \
    && /opt/mockelb/bin/pip install --no-cache-dir ".[postgres]" \
    && /opt/mockelb/bin/pip uninstall --yes pip setuptools \
    && /opt/mockelb/bin/mockelb --version

FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.title="mockelb" \
      org.opencontainers.image.description="Local emulator of the Huawei Cloud ELB v3 API" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV PATH=/opt/mockelb/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MOCKELB_HOST=0.0.0.0 \
    MOCKELB_PORT=9080
RUN useradd --uid 10001 --user-group --no-create-home --home-dir /data \
        --shell /usr/sbin/nologin mockelb \
    && mkdir -p /data \
    && chown mockelb:mockelb /data
COPY --from=builder /opt/mockelb /opt/mockelb
USER 10001:10001
WORKDIR /data
# For state that outlives the container, point the database at this volume:
#   MOCKELB_DATABASE_URL=sqlite:////data/mockelb.db
# (written by uid 10001; the demo and seed data are loaded only when the file is new)
VOLUME ["/data"]
EXPOSE 9080
# slim images have no curl: python3 asks the health endpoint on the port the server uses
HEALTHCHECK --interval=2s --timeout=2s --start-period=30s --retries=3 \
    CMD ["python3", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/_mockelb/health' % os.environ.get('MOCKELB_PORT', '9080'), timeout=1.5).read()"]
# exec form: the server is PID 1 and gets SIGTERM from `docker stop`
ENTRYPOINT ["mockelb"]
CMD ["serve"]
