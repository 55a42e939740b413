"""docs/security.md names a test for every item: each named test must exist."""

from __future__ import annotations

import re

from techmarket.settings import REPO_DIR

CHECKLIST = REPO_DIR / "docs" / "security.md"
# `path::Name::name` in full, or `::name` continuing the last file (and class) named.
REFERENCE = re.compile(r"`((?:tests|frontend)/[\w/.-]+)::([^`]+)`|`::([^`]+)`")


def _references() -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    path, scope = "", []
    for match in REFERENCE.finditer(CHECKLIST.read_text()):
        if match[1]:
            path, names = match[1], match[2].split("::")
            scope = names[:-1]
        else:
            names = match[3].split("::")
            names = names if len(names) > 1 else [*scope, *names]
            scope = names[:-1]
        found.append((path, names))
    return found


def test_every_test_the_checklist_names_exists() -> None:
    references = _references()
    assert len(references) > 40
    missing = []
    for path, names in references:
        source = (REPO_DIR / path).read_text()
        for name in names:
            if path.endswith((".ts", ".tsx")):
                ok = f"'{name}'" in source or f"('{name}" in source
            else:
                ok = re.search(rf"^\s*(async def|def|class) {re.escape(name)}\b", source, re.M)
            if not ok:
                missing.append(f"{path}::{'::'.join(names)}")
    assert missing == []
