"""A group project's pictures (assets) and the copies its published snapshot keeps (mixed into Store).

Migration 0014. The limits (projects/assets.py) are checked in the transaction that stores the
picture, after taking the project's write lock, so two members uploading at once cannot together
go past them.
"""

from __future__ import annotations

from sqlalchemy import Integer, delete, insert, literal, select, update

from ..projects.assets import Asset, digest, over_limits
from .models import ProjectAssetRow, ProjectRow, PublishedAssetRow


class AssetLimit(Exception):
    """The picture would break a limit: `kind` is "file", "count" or "total" (projects.assets)."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def _asset(row) -> Asset:
    return Asset(row.name, row.mimetype, row.size, row.digest, row.uploaded_by)


_LISTED = (
    ProjectAssetRow.name,
    ProjectAssetRow.mimetype,
    ProjectAssetRow.size,
    ProjectAssetRow.digest,
    ProjectAssetRow.uploaded_by,
)


def _lock_project(db, project_id: int) -> None:
    """The project's write lock (a no-op UPDATE of its row); LookupError when it is gone."""
    locked = db.execute(
        update(ProjectRow).where(ProjectRow.id == project_id).values(updated_at=ProjectRow.updated_at)
    )
    if locked.rowcount != 1:
        raise LookupError(project_id)


class ProjectAssetStore:
    """Methods for projects' pictures; mixed into Store, which provides `session`."""

    def project_assets(self, project_id: int) -> list[Asset]:
        """The project's pictures by name, without their bytes."""
        with self.session() as db:
            rows = db.execute(
                select(*_LISTED)
                .where(ProjectAssetRow.project_id == project_id)
                .order_by(ProjectAssetRow.name)
            ).all()
            return [_asset(row) for row in rows]

    def project_asset(self, project_id: int, name: str) -> tuple[Asset, bytes] | None:
        """One picture and its bytes, or None."""
        with self.session() as db:
            row = db.scalar(
                select(ProjectAssetRow).where(
                    ProjectAssetRow.project_id == project_id, ProjectAssetRow.name == name
                )
            )
            return (_asset(row), row.data) if row else None

    def project_asset_data(self, project_id: int) -> dict[str, bytes]:
        """Every picture's bytes by name (for the zip)."""
        with self.session() as db:
            rows = db.execute(
                select(ProjectAssetRow.name, ProjectAssetRow.data)
                .where(ProjectAssetRow.project_id == project_id)
                .order_by(ProjectAssetRow.name)
            ).all()
            return {row.name: row.data for row in rows}

    def save_project_asset(
        self, project_id: int, name: str, mimetype: str, data: bytes, uploaded_by: str
    ) -> tuple[Asset, bool]:
        """Store a picture (replacing the one of that name: True); AssetLimit past a limit, LookupError
        when the project is gone."""
        with self.session() as db, db.begin():
            _lock_project(db, project_id)
            rows = db.execute(select(*_LISTED).where(ProjectAssetRow.project_id == project_id)).all()
            broken = over_limits([_asset(row) for row in rows], name, len(data))
            if broken:
                raise AssetLimit(broken)
            row = db.scalar(
                select(ProjectAssetRow).where(
                    ProjectAssetRow.project_id == project_id, ProjectAssetRow.name == name
                )
            )
            replaced = row is not None
            if row is None:
                row = ProjectAssetRow(project_id=project_id, name=name)
                db.add(row)
            row.mimetype, row.data, row.size, row.digest = mimetype, data, len(data), digest(data)
            row.uploaded_by = uploaded_by[:80]
            db.flush()
            return _asset(row), replaced

    def delete_project_asset(self, project_id: int, name: str) -> bool:
        """Delete a picture; False when there was none of that name."""
        with self.session() as db, db.begin():
            result = db.execute(
                delete(ProjectAssetRow).where(
                    ProjectAssetRow.project_id == project_id, ProjectAssetRow.name == name
                )
            )
            return result.rowcount > 0

    # ---- the published snapshot's copies

    def _copy_assets_to_published(self, db, project_id: int, published_id: int) -> None:
        """In the transaction that publishes: the snapshot's pictures become the project's as they are now."""
        db.execute(delete(PublishedAssetRow).where(PublishedAssetRow.published_id == published_id))
        db.execute(
            insert(PublishedAssetRow).from_select(
                ["published_id", "name", "mimetype", "digest", "data"],
                select(
                    literal(published_id, Integer),
                    ProjectAssetRow.name,
                    ProjectAssetRow.mimetype,
                    ProjectAssetRow.digest,
                    ProjectAssetRow.data,
                ).where(ProjectAssetRow.project_id == project_id),
            )
        )

    def published_asset_names(self, published_id: int) -> list[str]:
        with self.session() as db:
            return list(
                db.scalars(
                    select(PublishedAssetRow.name)
                    .where(PublishedAssetRow.published_id == published_id)
                    .order_by(PublishedAssetRow.name)
                )
            )

    def published_asset(self, published_id: int, name: str) -> tuple[str, str, bytes] | None:
        """A published snapshot's picture: (mimetype, digest, bytes), or None."""
        with self.session() as db:
            row = db.execute(
                select(PublishedAssetRow.mimetype, PublishedAssetRow.digest, PublishedAssetRow.data).where(
                    PublishedAssetRow.published_id == published_id, PublishedAssetRow.name == name
                )
            ).first()
            return (row.mimetype, row.digest, row.data) if row else None
