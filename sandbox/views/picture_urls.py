"""The addresses of a group project's pictures and of the frame its app runs in (the capability key).

Apart from views/project_assets.py (the pictures' routes), which needs the project page's viewer
rules from views/projects.py, while the project page needs these addresses: each imports this.
views/project_assets.py says why the address carries a key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from flask import current_app

from ..projects import assets as rules
from . import services


def asset_key(project_id: int) -> str:
    """The project's capability key: 22 characters no one can work out without the secret key."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    mac = hmac.new(secret, f"project-assets:{project_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:16]).decode().rstrip("=")


def listing(project_id: int, assets: list[rules.Asset] | None = None) -> dict:
    """The pictures as a page shows them, and the preview frame's address that goes with them."""
    if assets is None:
        assets = services().store.project_assets(project_id)
    base = f"/projects/{project_id}/app/{asset_key(project_id)}/{rules.assets_tag(assets)}/"
    return {
        "assets": [
            {
                "name": a.name,
                "path": f"assets/{a.name}",  # what the learner types
                "url": base + "assets/" + a.name,
                "type": a.mimetype,
                "size": a.size,
                "by": a.uploaded_by,
            }
            for a in assets
        ],
        "frame_url": base + "frame",
        "limits": {
            "file": rules.MAX_ASSET_BYTES,
            "count": rules.MAX_ASSETS,
            "total": rules.MAX_PROJECT_ASSET_BYTES,
        },
    }


def frame_url(project_id: int) -> str:
    return listing(project_id)["frame_url"]
