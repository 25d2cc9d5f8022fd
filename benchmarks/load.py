"""Simulated patients holding five-turn conversations over REST.

    python -m benchmarks.load --url http://localhost:5005 [--url ...] --patients 50

Each patient has its own conversation and sends five questions one after the
other, pausing about ``--think-time`` seconds to read between them (0: no
pause at all, a stress test). With a pause, each patient starts at a random
moment within the first pause and each pause varies by ±50 % (seeded), as real
patients do not type in lock-step. With several ``--url`` the patients are
spread round-robin over the replicas (what nginx does in the deployment).
Prints throughput, p50/p95/p99 reply latency and the error count; with
``--db-url`` it also counts the stored user messages (lost = sent - stored).
"""

import argparse
import asyncio
import json
import random
import statistics
import time
import uuid
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

import aiohttp

#: Five turns a patient might send, with what a right answer starts with.
CONVERSATION = [
    ("hi", "Hello!"),
    ("what kind of anesthesia will I get?", "There are two ways."),
    ("how long do i stay in bed after", "For the first day or two"),
    ("when can i lift my grandkids", "For at least 6 weeks"),
    ("thank you", "You're welcome."),
]


@dataclass
class LoadResult:
    """What one load run measured."""

    patients: int
    turns: int
    seconds: float
    think_time: float = 0.0
    latencies: List[float] = field(default_factory=list)
    errors: int = 0
    wrong_answers: int = 0
    senders: List[str] = field(default_factory=list)

    @property
    def messages(self) -> int:
        """Messages sent."""
        return self.patients * self.turns

    def percentile(self, q: float) -> float:
        """Latency percentile in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
        return 1000 * ordered[index]

    def summary(self) -> Dict[str, float]:
        """The figures docs/performance.md reports."""
        return {
            "patients": self.patients,
            "think_time_s": self.think_time,
            "messages": self.messages,
            "throughput_msg_per_s": self.messages / self.seconds,
            "p50_ms": self.percentile(50),
            "p95_ms": self.percentile(95),
            "p99_ms": self.percentile(99),
            "mean_ms": 1000 * statistics.mean(self.latencies) if self.latencies else 0,
            "errors": self.errors,
            "wrong_answers": self.wrong_answers,
        }


async def _patient(
    session: aiohttp.ClientSession,
    url: str,
    sender: str,
    result: LoadResult,
    pace: random.Random,
) -> None:
    if result.think_time:
        await asyncio.sleep(pace.uniform(0, result.think_time))
    for turn, (text, expected) in enumerate(CONVERSATION[: result.turns]):
        if turn and result.think_time:
            await asyncio.sleep(result.think_time * pace.uniform(0.5, 1.5))
        started = time.perf_counter()
        try:
            async with session.post(
                f"{url}/webhooks/rest/webhook",
                json={"sender": sender, "message": text},
                timeout=aiohttp.ClientTimeout(total=60),
            ) as response:
                body = await response.json(content_type=None)
                elapsed = time.perf_counter() - started
                if response.status != 200 or not body:
                    result.errors += 1
                    continue
                result.latencies.append(elapsed)
                if not str(body[0].get("text", "")).startswith(expected):
                    result.wrong_answers += 1
        except (aiohttp.ClientError, asyncio.TimeoutError, json.JSONDecodeError):
            result.errors += 1


async def run_load(
    urls: Sequence[str], patients: int = 50, turns: int = 5, think_time: float = 0.0
) -> LoadResult:
    """Run ``patients`` concurrent conversations of ``turns`` messages each."""
    result = LoadResult(
        patients=patients, turns=turns, seconds=0.0, think_time=think_time
    )
    result.senders = [f"load-{uuid.uuid4().hex[:12]}" for _ in range(patients)]
    connector = aiohttp.TCPConnector(limit=patients)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(
            *(
                _patient(session, urls[i % len(urls)], sender, result, random.Random(i))
                for i, sender in enumerate(result.senders)
            )
        )
        result.seconds = time.perf_counter() - started
    return result


def stored_user_messages(db_url: str, senders: Sequence[str]) -> int:
    """How many of the load's user messages the tracker store holds."""
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as connection:
            return int(
                connection.execute(
                    sa.text(
                        "SELECT count(*) FROM events WHERE type_name = 'user' "
                        "AND sender_id IN :senders"
                    ).bindparams(sa.bindparam("senders", expanding=True)),
                    {"senders": list(senders)},
                ).scalar_one()
            )
    finally:
        engine.dispose()


def main(argv: Optional[List[str]] = None) -> int:
    """Run one load and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", action="append", default=[], help="Rasa server URL")
    parser.add_argument("--patients", type=int, default=50)
    parser.add_argument("--turns", type=int, default=5, choices=range(1, 6))
    parser.add_argument("--think-time", type=float, default=0.0, help="seconds")
    parser.add_argument("--db-url", help="tracker store URL, to count lost messages")
    arguments = parser.parse_args(argv)
    urls = arguments.url or ["http://localhost:5005"]
    result = asyncio.run(
        run_load(urls, arguments.patients, arguments.turns, arguments.think_time)
    )
    summary = result.summary()
    if arguments.db_url:
        summary["lost_messages"] = result.messages - stored_user_messages(
            arguments.db_url, result.senders
        )
    for key, value in summary.items():
        print(
            f"{key:>22}: {value:.1f}"
            if isinstance(value, float)
            else f"{key:>22}: {value}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
