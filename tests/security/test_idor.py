"""IDOR probes: another organisation that knows (or guesses) every id still reads nothing.

Organisation A owns a draft demand, achievement, project and challenge, an attachment, an API
key, an import, a connection to C's achievement and a sealed bid on C's challenge. B, a verified
organisation of the same kind, is handed all of those ids and calls every GET route that takes
an id. Every route must be probed or listed as public here, so a new route cannot slip by.
Each probe first checks that A's own request succeeds: the id is right, only the caller differs.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from httpx import AsyncClient, Response
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.identity.models import OrganizationKind, VerificationStatus
from techmarket.imports.models import ImportJob, ImportMode, ImportStatus
from tests.challenges.world import bid_body, challenge_body
from tests.factories import (
    make_achievement,
    make_demand,
    make_organization,
    make_project,
    make_user,
    sign_in,
)

SECRET = "甲方机密"  # in every title of A's private entries: it must never reach B
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n"

# Routes whose ids name nothing private (taxonomies, templates, announced calls).
PUBLIC = {
    "list_taxonomy_terms",
    "list_all_taxonomy_terms",
    "download_import_template",
    "read_project_call",
}
# Staff-only routes: B is refused by the policy before any id is looked at.
STAFF_ONLY = {
    "read_webhook",
    "list_webhook_deliveries",
    "read_review_round",
    "suggest_review_experts",
    "read_challenge_ranking",
}

# What the rightful reader gets where it is not 200: receipts are sealed until the deadline.
RIGHTFUL = {"read_bid_receipts": 409}


@dataclass
class Probe:
    ids: dict[str, str]
    owner: dict[str, str]  # A, the rightful reader
    foreign: dict[str, str]  # B
    secrets: list[str] = field(default_factory=list)  # ids and words B must never see
    overrides: dict[str, dict[str, str]] = field(default_factory=dict)  # per route
    readers: dict[str, dict[str, str]] = field(default_factory=dict)  # other rightful readers


def _get_routes(app: FastAPI) -> dict[str, str]:
    """Operation id → path of every GET route that takes an id in its path."""
    found = {}
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and "GET" in route.methods and "{" in route.path_format:
            found[route.name] = str(context.path_format)
    return found


async def _post(client: AsyncClient, url: str, headers: dict[str, str], **kwargs: object) -> str:
    answer = await client.post(url, headers=headers, **kwargs)  # type: ignore[arg-type]
    assert answer.status_code in (200, 201), answer.text
    return str(answer.json()["id"])


@pytest.fixture
async def probe(client: AsyncClient, session: AsyncSession) -> Probe:
    a = await make_organization(session, name="甲公司")
    b = await make_organization(session, name="乙公司")
    c = await make_organization(session, name="丙大学", kind=OrganizationKind.UNIVERSITY)
    pending = await make_organization(session, status=VerificationStatus.PENDING, name="丁公司")
    owner_a = await make_user(session, organization=a)
    owner_c = await make_user(session, organization=c)
    owner_p = await make_user(session, organization=pending)
    reviewer = await make_user(session, roles=["reviewer"])
    headers = {
        user: (await sign_in(client, person.email)).headers
        for user, person in [("a", owner_a), ("b", await make_user(session, organization=b)),
                             ("c", owner_c), ("p", owner_p), ("staff", reviewer)]
    }  # fmt: skip
    a_h, c_h = headers["a"], headers["c"]

    demand = await make_demand(session, organization=a, title=f"{SECRET}需求")
    achievement = await make_achievement(session, organization=a, title=f"{SECRET}成果")
    project = await make_project(session, organization=a, title=f"{SECRET}项目")
    attachment = await _post(
        client,
        f"/api/v1/demands/{demand.id}/attachments",
        a_h,
        files={"file": ("机密方案.pdf", PDF)},
    )
    key = await _post(
        client,
        f"/api/v1/organizations/{a.id}/api-keys",
        a_h,
        json={"name": f"{SECRET}密钥", "scopes": ["read"]},
    )
    job = ImportJob(
        collection="demands",
        mode=ImportMode.VALID_ROWS_ONLY,
        status=ImportStatus.PARTIAL,
        filename=f"{SECRET}.xlsx",
        storage_key=uuid.uuid4().hex,
        total=1,
        errors=[{"row": 2, "column": "需求名称", "message": SECRET}],
        organization_id=a.id,
        created_by_id=owner_a.id,
    )
    session.add(job)
    await session.commit()
    published = await make_achievement(session, organization=c, status="published")
    connection = await _post(
        client,
        "/api/v1/connections",
        a_h,
        json={"target_type": "achievement", "target_id": str(published.id), "message": SECRET},
    )
    draft_challenge = await _post(
        client, "/api/v1/challenges", a_h, json=challenge_body(title=f"{SECRET}榜单")
    )
    open_challenge = await _post(client, "/api/v1/challenges", c_h, json=challenge_body())
    await _post(client, f"/api/v1/challenges/{open_challenge}/submit", c_h)
    await _post(client, f"/api/v1/challenges/{open_challenge}/approve", headers["staff"])
    bid = await _post(
        client,
        f"/api/v1/challenges/{open_challenge}/bids",
        a_h,
        json=bid_body(approach=f"{SECRET}：技术路线"),
    )
    await _post(client, f"/api/v1/challenges/{open_challenge}/bids/{bid}/submit", a_h)

    ids = {
        "demand_id": str(demand.id),
        "achievement_id": str(achievement.id),
        "project_id": str(project.id),
        "attachment_id": attachment,
        "organization_id": str(a.id),
        "key_id": key,
        "job_id": str(job.id),
        "connection_id": connection,
        "challenge_id": draft_challenge,
        "bid_id": bid,
        "entity_type": "demands",
        "entity_id": str(demand.id),
    }
    return Probe(
        ids=ids,
        owner=a_h,
        foreign=headers["b"],
        secrets=[SECRET, attachment, key, connection, bid, str(job.id)],
        overrides={
            "read_bid": {"challenge_id": open_challenge},
            "read_organization": {"organization_id": str(pending.id)},
        },
        readers={"read_organization": headers["p"]},
    )


def _url(path: str, ids: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: ids.get(m[1], str(uuid.uuid4())), path)


async def test_a_foreign_organisation_reads_nothing_by_id(
    app: FastAPI, client: AsyncClient, probe: Probe
) -> None:
    routes = _get_routes(app)
    unclassified = set(routes) - PUBLIC - STAFF_ONLY - set(_probed(routes))
    assert not unclassified, f"classify these id-taking routes here: {sorted(unclassified)}"
    for name in _probed(routes):
        url = _url(routes[name], probe.ids | probe.overrides.get(name, {}))
        rightful = await client.get(url, headers=probe.readers.get(name, probe.owner))
        assert rightful.status_code == RIGHTFUL.get(name, 200), f"{name}: {url}: {rightful.text}"
        foreign = await client.get(url, headers=probe.foreign)
        assert foreign.status_code in (403, 404), f"{name}: B read {url}: {foreign.text[:300]}"
        anonymous = await client.get(url)
        assert anonymous.status_code in (401, 404), f"{name}: anyone read {url}"
        for secret in probe.secrets:
            assert secret not in _said(foreign), (name, secret)
            assert secret not in _said(anonymous), (name, secret)


def _said(answer: Response) -> str:
    """What an answer tells, less a problem's ``instance`` (the path the caller sent)."""
    if answer.headers.get("content-type") == "application/problem+json":
        return json.dumps({k: v for k, v in answer.json().items() if k != "instance"})
    return answer.text


def _probed(routes: dict[str, str]) -> list[str]:
    return [name for name in routes if name not in PUBLIC | STAFF_ONLY]


async def test_staff_only_routes_refuse_organisations(
    app: FastAPI, client: AsyncClient, probe: Probe
) -> None:
    routes = _get_routes(app)
    for name in STAFF_ONLY:
        answer = await client.get(_url(routes[name], probe.ids), headers=probe.foreign)
        assert answer.status_code == 403, name


async def test_lists_on_a_shared_challenge_do_not_show_a_foreign_bid(
    client: AsyncClient, probe: Probe
) -> None:
    """C's challenge is public; B may list what it may see there, never A's sealed bid."""
    challenge = probe.overrides["read_bid"]["challenge_id"]
    for path in ("bids", "receipts"):
        answer = await client.get(f"/api/v1/challenges/{challenge}/{path}", headers=probe.foreign)
        assert answer.status_code in (200, 404, 409), answer.text
        assert probe.ids["bid_id"] not in answer.text
        assert SECRET not in answer.text


async def test_a_foreign_organisation_changes_nothing_by_id(
    client: AsyncClient, probe: Probe
) -> None:
    ids, b = probe.ids, probe.foreign
    writes = [
        ("PATCH", f"/api/v1/demands/{ids['demand_id']}", {"title": "乙改的标题"}),
        ("POST", f"/api/v1/demands/{ids['demand_id']}/submit", None),
        ("PATCH", f"/api/v1/achievements/{ids['achievement_id']}", {"title": "乙改的标题"}),
        ("POST", f"/api/v1/projects/{ids['project_id']}/submit", None),
        ("DELETE", f"/api/v1/attachments/{ids['attachment_id']}", None),
        ("POST", f"/api/v1/organizations/{ids['organization_id']}/api-keys/{ids['key_id']}/revoke", None),  # noqa: E501
        ("POST", f"/api/v1/connections/{ids['connection_id']}/close", None),
        ("POST", f"/api/v1/challenges/{ids['challenge_id']}/submit", None),
        ("POST", f"/api/v1/challenges/{probe.overrides['read_bid']['challenge_id']}/bids/{ids['bid_id']}/withdraw", None),  # noqa: E501
    ]  # fmt: skip
    for method, url, body in writes:
        answer = await client.request(method, url, json=body, headers=b | {"If-Match": '"1"'})
        assert answer.status_code in (403, 404), f"{method} {url}: {answer.text[:300]}"
    # And everything is still A's, as it was.
    assert (
        await client.get(f"/api/v1/attachments/{ids['attachment_id']}", headers=probe.owner)
    ).content == PDF
    demand = (await client.get(f"/api/v1/demands/{ids['demand_id']}", headers=probe.owner)).json()
    assert demand["title"].startswith(SECRET)
    assert demand["status"] == "draft"
    keys = (
        await client.get(
            f"/api/v1/organizations/{ids['organization_id']}/api-keys", headers=probe.owner
        )
    ).json()
    assert all(k["revoked_at"] is None for k in (keys["items"] if isinstance(keys, dict) else keys))
