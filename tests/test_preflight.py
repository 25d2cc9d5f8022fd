"""Start-up refuses a tracker store that would lose conversations."""

from pathlib import Path

from kyphobot.preflight import check_tracker_store, main


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_accepts_the_durable_sql_store(tmp_path: Path) -> None:
    endpoints = write(
        tmp_path / "endpoints.yml",
        "tracker_store:\n  type: kyphobot.tracker_store.DurableSQLTrackerStore\n"
        f"  dialect: sqlite\n  db: {tmp_path / 'db.sqlite'}\n",
    )
    assert check_tracker_store(endpoints) == []
    assert main(["--endpoints", str(endpoints)]) == 0


def test_refuses_a_misspelt_store_type_that_rasa_would_swap_for_memory(
    tmp_path: Path,
) -> None:
    endpoints = write(
        tmp_path / "endpoints.yml",
        "tracker_store:\n  type: kyphobot.tracker_store.DurablSQLTrackerStore\n",
    )
    (problem,) = check_tracker_store(endpoints)
    assert "InMemoryTrackerStore" in problem
    assert main(["--endpoints", str(endpoints)]) == 1


def test_refuses_no_store_and_a_missing_file(tmp_path: Path) -> None:
    assert check_tracker_store(
        write(tmp_path / "e.yml", "action_endpoint:\n  url: x\n")
    )
    assert check_tracker_store(tmp_path / "missing.yml")


def test_the_shipped_endpoints_file_passes() -> None:
    assert check_tracker_store(Path("endpoints.yml")) == []


def test_several_replicas_refuse_a_per_process_lock_store(tmp_path: Path) -> None:
    from kyphobot.preflight import check_lock_store

    memory = write(tmp_path / "memory.yml", "lock_store:\n  type: in_memory\n")
    nothing = write(tmp_path / "none.yml", "action_endpoint:\n  url: x\n")
    redis = write(
        tmp_path / "redis.yml",
        "lock_store:\n"
        "  type: kyphobot.lock_store.AtomicRedisLockStore\n"
        "  url: localhost\n",
    )
    assert check_lock_store(memory, replicas=2)
    assert check_lock_store(nothing, replicas=2)
    assert check_lock_store(redis, replicas=2) == []
    assert check_lock_store(memory, replicas=1) == []
