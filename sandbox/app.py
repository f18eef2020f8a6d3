"""The application factory: config, extensions, blueprints, error handlers."""

from __future__ import annotations

import gzip
import logging
import secrets
import time
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, abort, g, jsonify, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import Babel
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import auth, i18n, request_log
from .authoring import BehaviourCache
from .coedit import ProjectDocuments
from .config import ROOT, database_url, from_environment, instance_folder
from .errors import SandboxError
from .exercises import CatalogFolder
from .exercises.model import Finding, Problem, Text
from .grading.jobs import GradingService
from .health import Health
from .live.hub import Hub, LiveState, LocalHub
from .services import Services, services
from .static_files import COMPRESSIBLE, StaticFiles
from .store import Store
from .store.models import MAX_ROW_ID
from .views import language
from .views.live import sock
from .views.session_cookie import TossProofSessionInterface

if TYPE_CHECKING:
    from .grading.runner import Grader

log = logging.getLogger(__name__)
# One line per request answered (method, route, status, time taken), with its request id.
requests_log = logging.getLogger("sandbox.requests")

# Content-Security-Policy for our own pages: only our scripts run here; learner code never does.
APP_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'"
)


class DepthSafeJSON(DefaultJSONProvider):
    """Flask's JSON, reading too-deeply nested input as bad JSON (400), not a RecursionError (500)."""

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError as error:
            raise ValueError("JSON nested too deeply") from error


class RowId(IntegerConverter):
    """`<int:...>` in our routes: a whole number that fits a database id (64 bits, signed).

    A longer one (`/api/submissions/99999999999999999999`) is no row of ours: 404 at routing,
    rather than an OverflowError from SQLite (a 500).
    """

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(map, *args, **kwargs)


def _secret_key(instance: Path) -> str:
    """Return the secret key kept in the instance folder, making it on first start."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def create_app(config: dict | None = None, *, grader: Grader | None = None) -> Flask:
    """Create the sandbox app; `config` overrides settings (tests pass a temp instance folder).

    `grader`: grade with this running pool instead of starting one (the tests share one for the session).
    """
    settings = from_environment()
    settings.update(config or {})
    instance = instance_folder(settings)
    settings.pop("INSTANCE_PATH", None)

    app = Flask(
        __name__,
        instance_path=str(instance),
        template_folder=str(ROOT / "templates"),
        static_folder=None,
    )
    app.url_map.converters["int"] = RowId
    app.config.update(settings)
    if app.config.get("LOG_FORMAT") == "json":
        request_log.log_as_json()
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or _secret_key(instance)
    app.config["DATABASE_URL"] = database_url(app.config, instance)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="sandbox_session",
        PERMANENT_SESSION_LIFETIME=timedelta(days=365),
        # The cookie is written when the session changes, not again on every request: a class saving
        # every 3 s would re-sign and re-send it 70 times a second for nothing (docs/durability.md).
        SESSION_REFRESH_EACH_REQUEST=False,
        BABEL_TRANSLATION_DIRECTORIES=str(i18n.TRANSLATIONS),
    )

    app.session_interface = TossProofSessionInterface()
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops > 0:
        # Trust this many proxies' X-Forwarded-* headers: the client's address (login limits), https
        # (secure cookies), the host (Origin checks, phone links). Never without a proxy that sets
        # them: anyone could claim any address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
    app.json = DepthSafeJSON(app)
    app.json.sort_keys = False  # file order matters: index.html first, as the exercise lists them
    store = Store(app.config["DATABASE_URL"], app.config["PASSWORD_HASH"])
    store.upgrade()
    exercises = CatalogFolder(app.config["EXERCISES_DIR"])
    hub, live = _live(app.config)
    grading = GradingService(
        store,
        lambda: exercises.catalog,
        hub.publish,
        instance / "jobs.db",
        workers=int(app.config["GRADER_WORKERS"]),
        deadline_s=float(app.config["GRADER_DEADLINE"]),
        chromium=app.config.get("CHROMIUM") or None,
        grader=grader,
        redis_url=app.config.get("REDIS_URL") or None,
        namespace=str(app.config["REDIS_NAMESPACE"]),
    )
    app.extensions["sandbox"] = Services(
        store=store,
        exercises=exercises,
        static=StaticFiles(ROOT / "static"),
        hub=hub,
        grading=grading,
        behaviour=BehaviourCache(instance / "exercise-behaviour.json"),
        login_limiter=_login_limiter(app.config, hub),
        live=live,
        coedit=ProjectDocuments(store, max_file_bytes=int(app.config["MAX_FILE_BYTES"])),
        health=Health(
            store, grading, app.config.get("REDIS_URL") or None, namespace=str(app.config["REDIS_NAMESPACE"])
        ),
    )
    sock.init_app(app)

    Babel(app, locale_selector=language.select_language)
    _register_templating(app)
    _register_errors(app)
    _register_hooks(app)

    from .views import (
        api,
        classroom,
        health,
        history,
        learner,
        preview,
        static,
        trainer,
        trainer_api,
        trainer_exercises,
        trainer_library,
    )
    from .views.phone import bp as phone_bp

    app.register_blueprint(health.bp)
    app.register_blueprint(static.bp)
    app.register_blueprint(learner.bp)
    app.register_blueprint(classroom.bp)
    app.register_blueprint(trainer.bp)
    app.register_blueprint(trainer_api.bp)
    app.register_blueprint(trainer_exercises.bp)
    app.register_blueprint(trainer_library.bp)
    app.register_blueprint(preview.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(history.bp)  # every saved version (docs/history.md)
    _register_take_home(app)
    app.register_blueprint(phone_bp)
    return app


def _live(config) -> tuple[Hub, LiveState]:
    """The in-process hub, or with REDIS_URL the hub and presence shared by every process through Redis."""
    if not config.get("REDIS_URL"):
        return LocalHub(), LiveState()
    import redis

    from .live.redis_hub import RedisHub, RedisPresence
    from .redis_pool import connection_pool

    client = redis.Redis(connection_pool=connection_pool(config["REDIS_URL"], decode_responses=True))
    namespace = str(config["REDIS_NAMESPACE"])
    return RedisHub(client, namespace), LiveState(RedisPresence(client, namespace))


def _login_limiter(config, hub: Hub) -> auth.LoginLimiter | auth.RedisLoginLimiter:
    """Failed sign-ins counted in this process, or with REDIS_URL in Redis, for every web process."""
    if not config.get("REDIS_URL"):
        return auth.LoginLimiter()
    return auth.RedisLoginLimiter(hub.client, str(config["REDIS_NAMESPACE"]))


def _register_take_home(app: Flask) -> None:
    """Zip download, publishing, and the trainer's projector view (issue 5, items 3 and 4)."""
    from .views import (
        comments,
        mentor,
        project_assets,
        project_share,
        projector,
        projects,
        takehome,
        trainer_projects,
        work_comments,
    )

    app.register_blueprint(takehome.bp)
    app.register_blueprint(projector.bp)
    app.register_blueprint(projects.bp)  # group projects (docs/projects.md)
    app.register_blueprint(trainer_projects.bp)
    app.register_blueprint(project_share.bp)  # a project's published app and zip (docs/projects.md)
    app.register_blueprint(project_assets.bp)  # a project's pictures (docs/projects.md)
    app.register_blueprint(comments.bp)  # a mentor's review (docs/mentors.md)
    app.register_blueprint(work_comments.bp)  # the trainer's review of a learner's exercise work
    app.register_blueprint(mentor.bp)


def start_background_work(app: Flask) -> None:
    """Start what a serving process runs beside requests: the grading consumer threads."""
    services(app).grading.start()


def _register_templating(app: Flask) -> None:
    @app.template_filter("tr")
    def translate_text(value: Text | None) -> str:
        """Show an exercise text in the page's language."""
        from flask_babel import get_locale

        return value.get(str(get_locale())) if value is not None else ""

    @app.template_filter("lang_attr")
    def lang_attribute(value: Text | None) -> Markup:
        """` lang="en"` for an element showing an exercise text that is not in the page's language."""
        from flask_babel import get_locale

        page = str(get_locale())
        used = value.language_of(page) if value is not None else page
        return Markup(f' lang="{used}"') if used != page else Markup("")

    @app.template_filter("said")
    def said(found: Problem | Finding) -> str:
        """What is wrong with an exercise (a problem, not where it is), or what the grader found for one
        of its cases, in the page's language: both are found outside requests."""
        from flask_babel import get_translations

        gettext = get_translations().gettext
        return found.said(gettext) if isinstance(found, Finding) else found.message_in(gettext)

    @app.context_processor
    def globals_for_templates() -> dict:
        from flask_babel import get_locale

        from .views.static import static_url

        return {
            "static_url": static_url,
            "csrf_token": auth.csrf_token,
            "js_catalog": i18n.js_catalog,
            "language": str(get_locale()),
            "language_names": i18n.LANGUAGE_NAMES,
            "language_url": language.language_url,
            "command": lambda text: Markup("<code>%s</code>") % text,
        }


def _register_errors(app: Flask) -> None:
    """One handler: JSON under /api, a friendly page elsewhere, never a stack trace."""

    def respond(message: str, status: int):
        if request.path.startswith("/api/"):
            response = jsonify({"error": str(message), "status": status})
        else:
            response = app.make_response(render_template("errors/error.html", message=message, status=status))
        response.status_code = status
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response

    @app.errorhandler(SandboxError)
    def sandbox_error(error: SandboxError):
        return respond(error.message, error.status)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {
            400: _("We could not read that request."),
            404: _("We could not find that page. Go back to the list of exercises and pick one."),
            405: _("That action is not possible here."),
            413: _(
                "That is too big to save. Your code is kept in your browser; make it shorter and try again."
            ),
            429: _("Too many tries. Wait a minute, then try again."),
        }
        status = error.code or 500
        return respond(messages.get(status, _("Something went wrong on our side.")), status)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        # The route, not the path: some paths hold secrets (a phone link's token).
        route = request.url_rule.rule if request.url_rule else "(no route)"
        log.exception("unexpected error on %s %s", request.method, route)
        return respond(
            _("Something went wrong on our side. Your code is kept in your browser; try again."), 500
        )


def _register_hooks(app: Flask) -> None:
    @app.before_request
    def name_the_request() -> None:
        # First of the hooks, so that a request any later hook refuses has its id too.
        g.request_id = request_log.request_id(request.headers.get(request_log.HEADER))
        g.started = time.perf_counter()

    app.before_request(auth.refuse_ambiguous_session)

    @app.before_request
    def refuse_nul() -> None:
        # No path or argument of ours holds a NUL, and PostgreSQL text cannot: looking one up would fail.
        if "\x00" in request.path:
            abort(404)
        if any("\x00" in value for value in request.args.values()):
            abort(400)

    @app.before_request
    def protect_changes() -> None:
        auth.refuse_bad_token()
        auth.check_csrf()

    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", APP_CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        _log_request(response)
        return _compress(language.remember_language(response))


def _log_request(response) -> None:
    """Send the request id back, and log the request: its route, not its path (a phone link's
    path holds its secret token); the probes of a load balancer only when debugging."""
    request_id = g.get("request_id")
    if request_id is None:
        return
    response.headers[request_log.HEADER] = request_id
    route = request.url_rule.rule if request.url_rule else "(no route)"
    level = logging.DEBUG if route in ("/healthz", "/readyz") else logging.INFO
    if requests_log.isEnabledFor(level):
        requests_log.log(
            level,
            "%s %s %s",
            request.method,
            route,
            response.status_code,
            extra={
                "method": request.method,
                "route": route,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - g.started) * 1000, 1),
                "client": request.remote_addr,
            },
        )


def _compress(response):
    """Gzip text answers made by views (static assets come pre-compressed from StaticFiles)."""
    if (
        response.direct_passthrough
        or response.status_code < 200
        or response.status_code in (204, 304)
        or "Content-Encoding" in response.headers
        or response.mimetype not in COMPRESSIBLE
        or "gzip" not in request.headers.get("Accept-Encoding", "")
    ):
        return response
    body = response.get_data()
    if len(body) < 512:
        return response
    response.set_data(gzip.compress(body, 6))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response
