"""Refuse to start when conversations would not be kept.

Rasa quietly uses an in-memory tracker store when the configured store type
is misspelt or cannot be imported. Staff review depends on every event being
stored, so ``make run`` runs this check first and stops with a clear message.
"""

import argparse
import sys
from pathlib import Path
from typing import List, Optional

from rasa.core.tracker_store import AwaitableTrackerStore, SQLTrackerStore, TrackerStore
from rasa.core.utils import AvailableEndpoints


def check_tracker_store(endpoints_path: Path) -> List[str]:
    """Problems that would keep conversations out of the SQL store (empty if none)."""
    if not endpoints_path.is_file():
        return [f"{endpoints_path} does not exist"]
    endpoints = AvailableEndpoints.read_endpoints(str(endpoints_path))
    if endpoints.tracker_store is None:
        return [f"{endpoints_path} configures no tracker_store: nothing would be kept"]
    try:
        store = TrackerStore.create(endpoints.tracker_store)
    except Exception as error:  # noqa: BLE001 - any failure means "not durable"
        return [f"the tracker store cannot be opened: {error}"]
    inner = store._tracker_store if isinstance(store, AwaitableTrackerStore) else store
    if not isinstance(inner, SQLTrackerStore):
        return [
            f"tracker_store type {endpoints.tracker_store.type!r} gives "
            f"{inner.__class__.__name__}, not an SQL store: conversations would be "
            "lost on restart and missing from staff review"
        ]
    return []


def check_lock_store(endpoints_path: Path, replicas: int) -> List[str]:
    """Problems with the lock store for ``replicas`` Rasa servers.

    Several replicas need a shared lock store, or one conversation's messages
    are handled at once on two replicas and events are lost.
    """
    if replicas <= 1:
        return []
    endpoints = AvailableEndpoints.read_endpoints(str(endpoints_path))
    lock_type = endpoints.lock_store.type if endpoints.lock_store else None
    if lock_type in (None, "in_memory"):
        return [
            f"{replicas} replicas need a shared lock store (Redis); "
            f"{endpoints_path} has {lock_type or 'none'}"
        ]
    return []


def main(argv: Optional[List[str]] = None) -> int:
    """Print problems and return a non-zero exit code if there are any."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endpoints", type=Path, default=Path("endpoints.yml"))
    arguments = parser.parse_args(argv)
    problems = check_tracker_store(arguments.endpoints)
    for problem in problems:
        print(f"preflight: {problem}", file=sys.stderr)
    if not problems:
        print(f"preflight: conversations will be stored ({arguments.endpoints})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
