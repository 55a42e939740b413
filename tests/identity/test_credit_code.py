"""统一社会信用代码 validation per GB 32100-2015."""

import pytest

from techmarket.identity.credit_code import credit_code_problem


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the standard's worked example
        "91140800MA0000001A",  # a demo code: check character computed by the rule
    ],
)
def test_valid_codes(code: str) -> None:
    assert credit_code_problem(code) is None


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("91350100M000100Y4", "must be 18 characters"),
        ("91350100M000100Y434", "must be 18 characters"),
        ("91350100M000100Y44", "check character"),
        ("91350100M000100I43", "not allowed"),  # I is not in the alphabet
        ("9135O100M000100Y43", "not allowed"),  # letter O for zero
        ("913501A0M000100Y43", "administrative division"),
    ],
)
def test_invalid_codes_say_why(code: str, why: str) -> None:
    problem = credit_code_problem(code)
    assert problem is not None
    assert why in problem
