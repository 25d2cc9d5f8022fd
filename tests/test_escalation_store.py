"""The escalation store, on SQLite and on the local PostgreSQL."""

from typing import Iterator

import pytest

from kyphobot.escalations import EscalationStore, NewEscalation
from tests.conftest import postgres_database


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[EscalationStore]:
    if request.param == "sqlite":
        yield EscalationStore.from_url(f"sqlite:///{tmp_path / 'store.db'}")
        return
    urls = postgres_database("kyphobot_store_test")
    url = next(urls)
    store = EscalationStore.from_url(url)
    yield store
    store.engine.dispose()
    next(urls, None)


def new(
    priority: str = "normal", message: str = "how much does it cost?"
) -> NewEscalation:
    return NewEscalation("web-1", "rest", "out_of_scope", message, priority, {"k": "v"})


def test_records_and_reads_back_everything(store: EscalationStore) -> None:
    escalation_id = store.record(new(message="¿Cuánto cuesta? 😀 <script>"))
    stored = store.get(escalation_id)
    assert stored is not None
    assert stored.patient_message == "¿Cuánto cuesta? 😀 <script>"
    assert stored.details == {"k": "v"}
    assert stored.status == "open"


def test_queue_puts_emergencies_first_then_oldest(store: EscalationStore) -> None:
    first = store.record(new())
    emergency = store.record(new("emergency"))
    second = store.record(new())
    assert [e.id for e in store.list()] == [emergency, first, second]


def test_status_changes_keep_who_when_and_why(store: EscalationStore) -> None:
    escalation_id = store.record(new("emergency"))
    store.set_status(escalation_id, "in_progress", "nurse.kim", "calling now")
    store.set_status(escalation_id, "resolved", "nurse.kim", "patient went to ER")
    assert store.list() == []
    assert store.get(escalation_id).status == "resolved"
    history = store.history(escalation_id)
    assert [(h["status"], h["staff_user"], h["note"]) for h in history] == [
        ("in_progress", "nurse.kim", "calling now"),
        ("resolved", "nurse.kim", "patient went to ER"),
    ]


def test_refuses_unknown_status_and_unknown_escalation(store: EscalationStore) -> None:
    escalation_id = store.record(new())
    with pytest.raises(ValueError):
        store.set_status(escalation_id, "done", "nurse.kim")
    with pytest.raises(KeyError):
        store.set_status(escalation_id + 1000, "resolved", "nurse.kim")
