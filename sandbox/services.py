"""What one app's views, sockets and commands share, made once by `create_app` and complete from then on."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from .auth import LoginLimiter, RedisLoginLimiter
from .authoring import BehaviourCache
from .coedit import ProjectDocuments
from .exercises import Catalog, CatalogFolder
from .grading.jobs import GradingService
from .health import Health
from .live.hub import Hub, LiveState
from .static_files import StaticFiles
from .store import Store


@dataclass(frozen=True)
class Services:
    """Every piece of per-app state: nothing else is kept on the Flask app."""

    store: Store
    exercises: CatalogFolder
    static: StaticFiles
    hub: Hub
    grading: GradingService
    behaviour: BehaviourCache  # the grader's findings per exercise, for the trainer's exercises page
    login_limiter: LoginLimiter | RedisLoginLimiter  # in Redis when there is one
    live: LiveState
    coedit: ProjectDocuments  # group projects' co-edited documents (docs/projects.md)
    health: Health  # what /readyz asks

    @property
    def catalog(self) -> Catalog:
        """The exercises as last loaded (a reload swaps the whole catalog)."""
        return self.exercises.catalog


def services(app: Flask | None = None) -> Services:
    """The services of `app`, or of the app handling this request."""
    return (app or current_app).extensions["sandbox"]
