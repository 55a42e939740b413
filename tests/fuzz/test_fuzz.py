"""Schemathesis against ``openapi.yaml``: every operation, as nobody and as every kind of caller.

The principals (anonymous, enterprise, university, reviewer, expert, admin, API key) take the
generated requests of each operation in turn, so every operation is fuzzed as each of them; an
operation without inputs is sent as all of them. The checks: no 5xx, every status code declared,
every body and content type as the schema says. Examples are derandomised (the same ones every
run: a gate, not a lottery) and bounded so the whole fuzz stays within about 3 minutes on two
cores; ``TECHMARKET_FUZZ_ROUNDS=5`` sends five times as many for a deeper run by hand.
"""

from __future__ import annotations

import itertools
import os
from collections import defaultdict
from collections.abc import Iterator

import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from techmarket.settings import REPO_DIR
from tests.fuzz.conftest import LiveServer

ROUNDS = int(os.environ.get("TECHMARKET_FUZZ_ROUNDS", "1"))
PRINCIPALS = 7
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Signing out or changing the password would end the fuzzer's own session for every later
# request; these run anonymously only (their refusals are fuzzed all the same).
ANONYMOUS_ONLY = {"logout", "change_password"}

schema = schemathesis.openapi.from_path(REPO_DIR / "openapi.yaml")
_turns: defaultdict[str, Iterator[int]] = defaultdict(itertools.count)


def _takes_input(case: schemathesis.Case) -> bool:
    raw = case.operation.definition.raw
    return bool(raw.get("parameters") or raw.get("requestBody"))


@schema.parametrize()
@settings(
    max_examples=PRINCIPALS * ROUNDS,
    derandomize=True,
    deadline=None,
    report_multiple_bugs=False,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_declared(
    case: schemathesis.Case, live_server: LiveServer, principals: dict[str, dict[str, str]]
) -> None:
    callers = list(principals.items())
    if case.operation.definition.raw.get("operationId") in ANONYMOUS_ONLY:
        callers = callers[:1]
    elif _takes_input(case):
        turn = next(_turns[case.operation.label])
        callers = [callers[turn % len(callers)]]
    for _, headers in callers:
        case.call_and_validate(
            base_url=live_server.base_url,
            session=live_server.http,
            headers=headers,
            checks=CHECKS,
            timeout=30,
        )
