"""create_app(settings) -> the ASGI application; nothing is built at import time."""

from __future__ import annotations

import logging

from fastapi import Depends, FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from mockelb import __version__, ids
from mockelb.auth import authenticate, require_admin_token
from mockelb.config import Settings
from mockelb.db import Database, Snapshot
from mockelb.domain.member_health import HEALTH_OPTIONS, HealthOptions
from mockelb.errors import (
    ApiNotFound,
    ElbError,
    InternalError,
    InvalidRequest,
    error_response,
    request_id_of,
)
from mockelb.harness import Harness
from mockelb.middleware import BodyLimitMiddleware, HarnessMiddleware, RequestIdMiddleware
from mockelb.openapi import install_openapi
from mockelb.prober import MemberProber
from mockelb.routes import (
    admin,
    admin_faults,
    admin_journal,
    admin_members,
    admin_state,
    availability_zones,
    certificates,
    clones,
    domain_ips,
    features,
    flavors,
    healthmonitors,
    ipgroups,
    jobs,
    l7policies,
    listeners,
    loadbalancer_actions,
    loadbalancer_deletes,
    loadbalancers,
    local_ports,
    logtanks,
    master_slave_pools,
    member_check_jobs,
    members,
    pools,
    quotas,
    recycle_bin,
    security_policies,
    tags,
    topology,
    versions,
    vpcs,
)
from mockelb.seed import snapshot_for
from mockelb.validation import elb_error_of, reject_nul_characters

logger = logging.getLogger("mockelb")

# every /v3 and /v1 call needs a credential; the admin namespace does not
_AUTH = Depends(authenticate)
# but it needs X-Admin-Token when the server has an admin token (health excepted)
_ADMIN_TOKEN = Depends(require_admin_token)
# and is checked for NUL characters before anything reaches the database
_NO_NUL = Depends(reject_nul_characters)

API_ROUTERS = (
    members.router,
    members.project_router,
    member_check_jobs.router,
    pools.router,
    master_slave_pools.router,
    local_ports.router,
    topology.router,
    features.router,
    loadbalancers.router,
    loadbalancer_actions.router,
    loadbalancer_deletes.router,
    recycle_bin.router,
    listeners.router,
    healthmonitors.router,
    certificates.router,
    l7policies.router,
    ipgroups.router,
    security_policies.router,
    tags.router,
    logtanks.router,
    domain_ips.router,
    availability_zones.router,
    flavors.router,
    quotas.router,
    vpcs.router,
    jobs.router,
    clones.router,
)

# the /_mockelb routes that --admin-token guards; admin.health_router stays open
ADMIN_ROUTERS = (
    admin.router,
    admin_journal.router,
    admin_faults.router,
    admin_members.router,
    admin_state.router,
)


async def _on_elb_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ElbError)
    return error_response(exc, request_id_of(request))


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return error_response(elb_error_of(exc.errors()), request_id_of(request))


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    error: ElbError
    if exc.status_code == 404:
        error = ApiNotFound(
            message="The API does not exist or has not been published in the environment."
        )
    elif exc.status_code == 405:
        error = ApiNotFound(message="The API does not exist.")
    else:
        error = InvalidRequest(message=str(exc.detail))
    return error_response(error, request_id_of(request))


async def _on_client_disconnect(request: Request, exc: Exception) -> Response:
    # the client went away before its request was read: nobody is left to answer, and it
    # is no fault of the server (the response is dropped by the server)
    logger.debug("client disconnected during %s %s", request.method, request.url.path)
    return Response(status_code=400)


async def _on_unexpected_error(request: Request, exc: Exception) -> Response:
    logger.exception("unexpected error on %s %s", request.method, request.url.path)
    return error_response(InternalError(), request_id_of(request))


def open_database(settings: Settings, snapshot: Snapshot | None = None) -> tuple[Database, bool]:
    """Connect, create the tables if needed, and write the start-up data into a new
    database; returns the database and whether this call seeded it.

    The seed files are read only when the database is new (unless `snapshot` is given).
    Raises DatabaseError (one line for the user) and SeedError.
    """
    # the start-up data's generated ids (VIP ports…) come from stream 0 of an id seed
    ids.configure(settings.id_seed)
    database = Database(
        settings.database_url,
        session_info={
            HEALTH_OPTIONS: HealthOptions(
                online_after=settings.member_online_after, probing=settings.probe_members
            )
        },
    )
    try:
        seeded = database.prepare(
            lambda: (
                snapshot
                if snapshot is not None
                else snapshot_for(settings.seed, demo=not settings.no_demo)
            )
        )
    except BaseException:
        database.dispose()
        raise
    return database, seeded


def create_app(settings: Settings, *, snapshot: Snapshot | None = None) -> FastAPI:
    """The mockelb application for these settings.

    A new database gets the start-up data (the snapshot, or else the demo data and seed
    files); a database another process already prepared is used as it is.
    """
    database, seeded = open_database(settings, snapshot)
    if settings.id_seed is not None:
        # a stream of its own per process: workers, replicas and restarts on a kept
        # database never issue an id twice
        ids.configure(settings.id_seed, stream=database.claim_id_stream())

    app = FastAPIOffline(
        title="mockelb",
        version=__version__,
        description="Local emulator of the Huawei Cloud ELB v3 API",
        # the cloud publishes each path once: a trailing slash is another, unknown path
        redirect_slashes=False,
        # mockelb's own pages live in the admin namespace, not beside the cloud's API
        docs_url="/_mockelb/docs",
        openapi_url="/_mockelb/openapi.json",
        redoc_url=None,
        swagger_ui_oauth2_redirect_url="/_mockelb/docs/oauth2-redirect",
        # the page's script and style come from the fastapi-offline package: no CDN
        static_url="/_mockelb/docs/static",
    )
    install_openapi(app, (*API_ROUTERS, versions.router, admin.health_router, *ADMIN_ROUTERS))
    app.state.settings = settings
    app.state.database = database
    app.state.seeded = seeded
    # what reset restores: the state the first process wrote, shared through the database
    app.state.startup_snapshot = (
        snapshot if seeded and snapshot is not None else database.startup_snapshot()
    )

    _include_routers(app)
    app.state.prober = (
        MemberProber(database, settings.probe_allow).start() if settings.probe_members else None
    )
    # the journal and the fault rules know the operations by their routes
    app.state.harness = Harness.build(
        settings,
        database,
        [route for router in (*API_ROUTERS, versions.router) for route in router.routes],
    )
    _install_error_handlers(app)
    _install_middleware(app, settings)
    return app


def _include_routers(app: FastAPI) -> None:
    for router in API_ROUTERS:
        app.include_router(router, dependencies=[_AUTH, _NO_NUL])
    # version discovery answers without credentials, like the cloud's endpoint root
    app.include_router(versions.router)
    app.include_router(admin.health_router)
    for router in ADMIN_ROUTERS:
        app.include_router(router, dependencies=[_ADMIN_TOKEN])


def _install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ElbError, _on_elb_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(HTTPException, _on_http_error)
    app.add_exception_handler(ClientDisconnect, _on_client_disconnect)
    app.add_exception_handler(Exception, _on_unexpected_error)


def _install_middleware(app: FastAPI, settings: Settings) -> None:
    # the last added runs first: every request has its id before the harness journals it
    # (and may answer it), and the harness sees the answer to a body refused for its size
    app.add_middleware(
        BodyLimitMiddleware,
        max_body_size=settings.max_body_size,
        body_timeout=settings.body_timeout,
    )
    app.add_middleware(HarnessMiddleware, harness=app.state.harness, settings=settings)
    app.add_middleware(RequestIdMiddleware)
