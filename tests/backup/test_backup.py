"""`techmarket backup` and `techmarket restore`: everything made before the backup is back after
a wipe of the database, the attachments and the search indexes, and only that."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from techmarket import runtime
from techmarket.identity.models import Organization
from techmarket.projects.models import ProjectStatus
from techmarket.search.reindex import reindex
from tests.challenges.world import make_world
from tests.databases import fresh_database
from tests.entries import demand_body
from tests.factories import make_organization, make_project, make_user, sign_in
from tests.platforms import Platform, own_platform

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n" + bytes(range(256)) + b"\ntrailer\n%%EOF\n"
DATABASE = "techmarket_backup"


@pytest.fixture
async def platform(endpoints: runtime.Endpoints, tmp_path: Path) -> AsyncIterator[Platform]:
    url = await fresh_database(endpoints.database_url, DATABASE)
    async with own_platform(url, endpoints, tmp_path / "data") as platform:
        yield platform


def techmarket(platform: Platform, *args: str, stdin: bytes | None = None) -> bytes:
    """Run the real command on the platform's database, folder and indexes."""
    result = subprocess.run(
        [sys.executable, "-m", "techmarket.cli", *args],
        env=platform.environment({"PATH": "/usr/bin:/bin"}),
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


class World:
    """What a user would look for after a restore: entries of every collection, a file."""

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.admin: dict[str, str] = {}
        self.owner: dict[str, str] = {}
        self.entries: list[tuple[str, str, bool]] = []  # (path, title, a draft of the owner)
        self.attachment = ""


async def make_data(platform: Platform) -> World:
    client, marker = platform.client, "mk" + uuid.uuid4().hex[:10]
    world = World(marker)
    async with platform.session() as session:
        bureau = await make_organization(session, name="运城市科学技术局")
        admin = await make_user(session, organization=bureau, roles=["admin"])
        company: Organization = await make_organization(session, name="山西银光华盛镁业")
        owner = await make_user(session, organization=company)
        project = await make_project(
            session, organization=company, title=f"镁合金压铸项目 {marker}",
            status=ProjectStatus.APPROVED,
        )  # fmt: skip
        world.entries.append((f"/api/v1/projects/{project.id}", project.title, False))
        challenges = await make_world(client, session)
        challenge = await challenges.published(title=f"镁合金防腐揭榜 {marker}")
        world.entries.append((f"/api/v1/challenges/{challenge['id']}", challenge["title"], False))
    world.admin = (await sign_in(client, admin.email)).headers
    world.owner = (await sign_in(client, owner.email)).headers

    for collection, items in (
        ("demands", [demand_body(title=f"需求 {n} {marker}") for n in range(3)]),
        ("achievements", [
            {"title": f"成果 {n} {marker}", "abstract": "镁合金压铸件", "field": "special_metal",
             "region": "yanhu", "transfer_modes": ["transfer"]}
            for n in range(2)
        ]),
    ):  # fmt: skip
        answer = await client.post(
            f"/api/v1/{collection}/bulk", json={"items": items, "publish": True},
            headers=world.admin,
        )  # fmt: skip
        assert answer.status_code == 201, answer.text
        for item, entry_id in zip(items, answer.json()["ids"], strict=True):
            world.entries.append((f"/api/v1/{collection}/{entry_id}", item["title"], False))

    draft = await client.post("/api/v1/demands", json=demand_body(), headers=world.owner)
    assert draft.status_code == 201
    world.entries.append((f"/api/v1/demands/{draft.json()['id']}", draft.json()["title"], True))
    uploaded = await client.post(
        f"/api/v1/demands/{draft.json()['id']}/attachments",
        files={"file": ("工艺说明.pdf", PDF)}, headers=world.owner,
    )  # fmt: skip
    assert uploaded.status_code == 201, uploaded.text
    world.attachment = f"/api/v1/attachments/{uploaded.json()['id']}"
    await reindex(platform.app.state.sessionmaker, platform.app.state.search,
                  platform.app.state.indexes)  # fmt: skip
    return world


async def found(platform: Platform, marker: str) -> int:
    answer = await platform.client.get("/api/v1/search", params={"q": marker, "limit": 1})
    assert answer.status_code == 200, answer.text
    return int(answer.json()["total"])


async def assert_everything_is_there(platform: Platform, world: World) -> None:
    for path, title, draft in world.entries:
        answer = await platform.client.get(path, headers=world.owner if draft else world.admin)
        assert answer.status_code == 200, f"{path} is missing: {answer.text}"
        assert answer.json()["title"] == title
    download = await platform.client.get(world.attachment, headers=world.owner)
    assert download.status_code == 200
    assert download.content == PDF
    # Published: 3 demands, 2 achievements, 1 project, 1 challenge; the draft is not public.
    assert await found(platform, world.marker) == 7


async def wipe(platform: Platform, endpoints: runtime.Endpoints) -> None:
    await fresh_database(endpoints.database_url, DATABASE)
    for path in sorted(platform.settings.attachments_dir.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    for uid in platform.app.state.indexes.all_uids():
        assert await platform.app.state.search.delete_index_if_exists(uid)


async def test_backup_wipe_restore_finds_everything_again(
    platform: Platform, endpoints: runtime.Endpoints, tmp_path: Path
) -> None:
    world = await make_data(platform)
    await assert_everything_is_there(platform, world)

    archive = tmp_path / "backup.tar.gz"
    archive.write_bytes(techmarket(platform, "backup", "-o", "-"))
    assert archive.stat().st_size > 0
    manifest = json.loads(read_member(archive, "manifest.json"))
    assert manifest["counts"]["demand"] == 4
    assert manifest["attachment_files"] == 1

    await wipe(platform, endpoints)
    assert list(platform.settings.attachments_dir.iterdir()) == []
    gone = await platform.client.get(world.entries[-1][0], headers=world.owner)
    assert gone.status_code != 200, "the wipe took the database with it"

    techmarket(platform, "restore", str(archive))
    await assert_everything_is_there(platform, world)


def read_member(archive: Path, name: str) -> bytes:
    with tarfile.open(archive) as opened:
        member = opened.extractfile(name)
        assert member is not None
        return member.read()


def rewrite_manifest(archive: Path, target: Path, **changes: Any) -> None:
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "manifest.json":
                data = json.dumps(json.loads(data) | changes).encode()
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data))


def refused(platform: Platform, archive: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "techmarket.cli", "restore", "-"],
        env=platform.environment({"PATH": "/usr/bin:/bin"}),
        input=archive.read_bytes(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    return result.stderr.decode()


async def test_restore_refuses_what_it_cannot_read_and_replaces_what_came_after(
    platform: Platform, tmp_path: Path
) -> None:
    async with platform.session() as session:
        company = await make_organization(session, name="运城学院")
        owner = await make_user(session, organization=company)
    headers = (await sign_in(platform.client, owner.email)).headers
    before = await platform.client.post("/api/v1/demands", json=demand_body(), headers=headers)
    archive = tmp_path / "backup.tar.gz"
    techmarket(platform, "backup", "-o", str(archive))
    after = await platform.client.post("/api/v1/demands", json=demand_body(), headers=headers)

    newer, alien = tmp_path / "newer.tar.gz", tmp_path / "alien.tar.gz"
    rewrite_manifest(archive, newer, alembic_revisions=["0099_from_the_future"])
    rewrite_manifest(archive, alien, format_version=2)
    assert "does not know (the backup was made by a newer version)" in refused(platform, newer)
    assert "format version 1" in refused(platform, alien)
    still = await platform.client.get(f"/api/v1/demands/{after.json()['id']}", headers=headers)
    assert still.status_code == 200, "a refused archive changes nothing"

    techmarket(platform, "restore", "-", stdin=archive.read_bytes())
    mine = await platform.client.get(f"/api/v1/demands/{before.json()['id']}", headers=headers)
    assert mine.status_code == 200
    later = await platform.client.get(f"/api/v1/demands/{after.json()['id']}", headers=headers)
    assert later.status_code == 404, "what was written after the backup is gone"
