"""Peak memory of the API process while it bulk-imports achievements and indexes them.

The platform starts as `make run` starts it (its own servers, throw-away folder, the indexer
in the API process); N achievements (default 20,000, from `csl_dev` with variations) are
published through the bulk API, 1,000 a request, and the script waits until all are indexed.

    .venv/bin/python bench/import_memory.py [--entries 20000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "backend"))
sys.path.insert(0, str(REPO))

from bench.baseline import running_platform  # noqa: E402
from bench.load import PeakMemory, admin_api, bulk_publish, wait_for_indexer  # noqa: E402
from bench.search_load import variations  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=20_000)
    args = parser.parse_args()
    items = list(variations(args.entries))
    with running_platform() as (port, server, _):
        admin = admin_api(port)
        admin.connection.timeout = 600
        with PeakMemory(server.pid) as memory:
            started = time.perf_counter()
            bulk_publish(admin, "achievements", items)
            imported = time.perf_counter() - started
            wait_for_indexer(admin)
            indexed = time.perf_counter() - started
    print(
        f"{args.entries} achievements: imported in {imported:.0f} s, indexed {indexed:.0f} s "
        f"after the start; the API's peak RSS {memory.peak / 2**20:.0f} MB"
    )


if __name__ == "__main__":
    main()
