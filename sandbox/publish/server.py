"""Starting the publish origin: in a thread beside `sandbox run`, or on its own for a WSGI server."""

from __future__ import annotations

import logging
import threading

from flask import Flask
from werkzeug.serving import make_server

from ..config import database_url, from_environment, instance_folder
from ..exercises import CatalogFolder
from ..store import Store
from ..views.published import create_publish_app
from .origin import publish_port

log = logging.getLogger(__name__)


def start_publish_server(main_app: Flask, host: str, main_port: int) -> int | None:
    """Serve published apps beside the main server, in a thread; return the port, or None if taken."""
    services = main_app.extensions["sandbox"]
    port = publish_port(main_app.config, main_port)
    try:
        server = make_server(
            host, port, create_publish_app(services.store, services.exercises), threaded=True
        )
    except OSError as error:
        log.warning("published apps are off: cannot listen on %s:%s (%s)", host, port, error)
        return None
    main_app.config["PUBLISH_PORT"] = server.server_port
    threading.Thread(target=server.serve_forever, name="publish-server", daemon=True).start()
    return server.server_port


def standalone(config: dict | None = None) -> Flask:
    """The publish origin on its own, for a WSGI server: gunicorn 'sandbox.publish:standalone()'.

    It reads the same settings as the main app (SANDBOX_* variables; `config` overrides them, as
    for `create_app`), so it finds the same database and exercises folder.
    """
    settings = from_environment()
    settings.update(config or {})
    if settings.get("LOG_FORMAT") == "json":  # as the main app's lines (docs/deploy.md "Logs")
        from ..request_log import log_as_json

        log_as_json()
    store = Store(database_url(settings, instance_folder(settings)))
    store.upgrade()  # either process may start first
    return create_publish_app(store, CatalogFolder(settings["EXERCISES_DIR"]))
