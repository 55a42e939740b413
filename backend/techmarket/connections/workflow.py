"""The life of a connection: requested → accepted → negotiating → contracted, or closed (the
owner declines a request with a reason; either side gives up before a contract)."""

from __future__ import annotations

from techmarket.achievements.models import AchievementStatus
from techmarket.connections.models import OPEN_STATUSES, Connection, ConnectionStatus
from techmarket.connections.schemas import ConnectionAction
from techmarket.core.principal import Principal
from techmarket.core.workflow import Transition, Workflow
from techmarket.demands.models import DemandStatus

S = ConnectionStatus

# Entries that still take connections: a demand being worked on (对接中) may have several.
TAKING_CONNECTIONS = frozenset(
    {DemandStatus.PUBLISHED, DemandStatus.IN_PROGRESS, AchievementStatus.PUBLISHED}
)


def _owner(principal: Principal, connection: Connection) -> bool:
    return principal.acts_for(connection.owner_organization_id)


def _requester(principal: Principal, connection: Connection) -> bool:
    return principal.acts_for(connection.requester_organization_id)


def _party(principal: Principal, connection: Connection) -> bool:
    return _owner(principal, connection) or _requester(principal, connection)


def _closer(principal: Principal, connection: Connection) -> bool:
    """The requester may give up at any time; the owner turns a request down with ``decline``,
    which needs a reason, and closes only what it accepted."""
    if connection.status is S.REQUESTED:
        return _requester(principal, connection)
    return _party(principal, connection)


def _target_taking_connections(connection: Connection) -> str | None:
    target = connection.target
    if target.status not in TAKING_CONNECTIONS:
        return f"the {connection.target_type} is {target.status}: it takes no connections now"
    return None


connection_workflow: Workflow[Connection] = Workflow(
    entity_type="connection",
    transitions=[
        Transition(ConnectionAction.ACCEPT, frozenset({S.REQUESTED}), S.ACCEPTED, may=_owner,
                   guard=_target_taking_connections),
        Transition(ConnectionAction.DECLINE, frozenset({S.REQUESTED}), S.CLOSED, may=_owner,
                   reason_required=True),
        Transition(ConnectionAction.NEGOTIATE, frozenset({S.ACCEPTED}), S.NEGOTIATING,
                   may=_party),
        Transition(ConnectionAction.CONTRACT, frozenset({S.NEGOTIATING}), S.CONTRACTED,
                   may=_party),
        Transition(ConnectionAction.CLOSE, OPEN_STATUSES, S.CLOSED, may=_closer),
    ],
    topics=(),
)  # fmt: skip
