"""Open on my phone: the learner's phone links (make, show, revoke) and the page a phone opens."""

from __future__ import annotations

import base64
from urllib.parse import urlsplit

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from .. import auth
from ..errors import NotFound, SandboxError
from ..live import events as live
from ..live import viewmodels
from ..network import is_loopback
from ..qr import qr_svg
from ..store import PhoneLink
from . import get_exercise, services

bp = Blueprint("phone", __name__)


def _gone() -> NotFound:
    return NotFound(
        _(
            "This phone link does not work any more: it was stopped, or a new one was made. "
            "On the computer, press “Open on my phone” and scan the new code."
        )
    )


def _active_link(token: str) -> PhoneLink:
    link = services().store.phone_link_by_token(token)
    if link is None or services().catalog.get(link.exercise_id) is None:
        raise _gone()
    return link


def phone_base_url() -> tuple[str, bool]:
    """The start of the address a phone opens, and whether a phone on the Wi-Fi can reach it.

    SANDBOX_PUBLIC_URL when set; else the address this page was opened at, unless only this
    computer can reach that (127.0.0.1), when the first Wi-Fi address found at start is used.
    """
    configured = current_app.config.get("PUBLIC_URL") or ""
    if configured:
        return configured.rstrip("/"), True
    if not is_loopback(urlsplit(request.host_url).hostname or ""):
        return request.host_url.rstrip("/"), True
    lan = current_app.config.get("LAN_URLS") or []
    lan = [url for url in lan if not is_loopback(urlsplit(url).hostname or "")]
    if lan:
        return lan[0].rstrip("/"), True
    return request.host_url.rstrip("/"), False


def _link_json(link: PhoneLink) -> dict:
    base, reachable = phone_base_url()
    url = f"{base}{url_for('phone.page', token=link.token)}?lang={get_locale()}"
    qr = base64.b64encode(qr_svg(url, scale=6).encode()).decode()
    return {
        "id": link.id,
        "exercise": link.exercise_id,
        "url": url,
        "qr": f"data:image/svg+xml;base64,{qr}",
        "reachable": reachable,
        "created_at": link.created_at.isoformat() + "Z",
    }


@bp.post("/api/phone-links")
def create_link():
    """Make a new phone link for this learner and exercise (their old one stops working)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("exercise"), str):
        raise SandboxError(_("We could not read that request: it must be a JSON object."))
    exercise = get_exercise(body["exercise"])
    learner_id = auth.require_learner()
    store = services().store
    previous = store.active_phone_link(learner_id, exercise.id)
    link = store.create_phone_link(learner_id, exercise.id)
    if previous is not None:
        live.phone_link_revoked(previous)
    return {"link": _link_json(link)}, 201


@bp.get("/api/phone-links/<exercise_id>")
def current_link(exercise_id: str):
    """Return this learner's working phone link for the exercise, or null."""
    exercise = get_exercise(exercise_id)
    learner_id = auth.require_learner()
    link = services().store.active_phone_link(learner_id, exercise.id)
    return {"link": _link_json(link) if link else None}


@bp.delete("/api/phone-links/<int:link_id>")
def revoke_link(link_id: int):
    """Stop one of this learner's phone links; phones showing it are told at once."""
    learner_id = auth.require_learner()
    link = services().store.revoke_phone_link(learner_id, link_id)
    if link is None:
        raise NotFound(_("There is no such phone link."))
    live.phone_link_revoked(link)
    return {"revoked": True}


@bp.get("/api/phone/<token>")
def phone_work(token: str):
    """The app a phone link shows, as last saved: what a phone reads when it comes back online."""
    return viewmodels.phone_snapshot(_active_link(token))


@bp.get("/phone/<token>")
def page(token: str):
    """The learner's app full screen on their phone, updated as they type on the computer."""
    link = _active_link(token)
    exercise = get_exercise(link.exercise_id)
    snapshot = viewmodels.phone_snapshot(link)
    page_data = {
        "exercise": exercise.id,
        "link": link.id,
        "snapshot": snapshot,
        "frameUrl": url_for("preview.frame", exercise_id=exercise.id),
        "workUrl": url_for("phone.phone_work", token=link.token),
        "socketPath": f"/live/phone/{link.token}",
    }
    response = current_app.make_response(
        render_template(
            "phone/app.html",
            title=exercise.title.get(str(get_locale())),
            page_data=page_data,
        )
    )
    # The token is in the address: keep the page out of caches and the link out of Referer headers.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
