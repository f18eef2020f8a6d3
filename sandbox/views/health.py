"""Probes for a load balancer or an orchestrator: /healthz (this process answers) and /readyz (it can
do its work: database, Redis, grading). Open to anyone, and they say nothing about anyone."""

from flask import Blueprint, jsonify

from ..services import services

bp = Blueprint("health", __name__)


def _uncached(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz():
    """This process is alive and serving: nothing else is asked, so it stays cheap."""
    return _uncached(jsonify({"status": "ok"}))


@bp.get("/readyz")
def readyz():
    """Whether this process can do its work now; 503 says which part cannot."""
    readiness = services().health.readiness()
    response = jsonify(readiness.to_dict())
    response.status_code = 200 if readiness.ok else 503
    return _uncached(response)
