"""Start each deployment, load it, and print the figures (``make benchmark``).

    python -m benchmarks.deployments [--deployments embedded production-1 production-2]
                                     [--skip-training] [--patients 50]

For each deployment: start-up time until every process answers its health
check, memory of each process at rest and at its peak under load, and reply
latency with 1, 20 and 50 concurrent five-turn conversations (lost messages
counted in the tracker store). Also: training time on a cold cache, model
size, and model load time. The figures go to stdout and var/benchmark.md.
"""

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

from benchmarks.load import run_load, stored_user_messages
from kyphobot.launcher import ROOT, Stack, StackConfig, core_services, free_port
from kyphobot.profiles import ensure_postgres_database, load_profile

MODEL = ROOT / "models" / "kyphobot.tar.gz"
DEPLOYMENTS = {
    "embedded": ("embedded", 1),
    "production-1": ("production", 1),
    "production-2": ("production", 2),
}


def rss_mb(pid: int) -> float:
    """Resident memory of one process and its children, in MB."""
    total = 0
    for candidate in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{candidate}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _children(pid: int) -> List[int]:
    try:
        out = subprocess.run(  # noqa: S603
            ["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        return []
    kids = [int(p) for p in out.split()]
    return kids + [g for k in kids for g in _children(k)]


class PeakMemory:
    """Samples every process's memory in the background and keeps the peak."""

    def __init__(self, pids: Dict[str, int]) -> None:
        self.pids = pids
        self.peak = dict.fromkeys(pids, 0.0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            for name, pid in self.pids.items():
                self.peak[name] = max(self.peak[name], rss_mb(pid))
            time.sleep(0.2)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Deployment:
    """A started deployment."""

    stack: Stack
    urls: List[str]
    database_url: str
    startup_seconds: float


def start(name: str, workdir: Path) -> Tuple[Deployment, Optional[str]]:
    """Start a deployment; returns it and the PostgreSQL database to drop."""
    profile_name, replicas = DEPLOYMENTS[name]
    action_port = free_port()
    first = free_port()
    while any(_busy(p) or p == action_port for p in range(first, first + replicas)):
        first = free_port()
    environ = dict(os.environ)
    database = None
    if profile_name == "production":
        database = f"kyphobot_bench_{uuid.uuid4().hex[:8]}"
        environ.update(
            DB_NAME=database,
            ACTION_SERVER_URL=f"http://127.0.0.1:{action_port}/webhook",
            RASA_REPLICAS=str(replicas),
        )
        environ.pop("KYPHOBOT_DB_URL", None)
    else:
        environ["KYPHOBOT_DB_URL"] = f"sqlite:///{workdir / 'kyphobot.db'}"
    profile = load_profile(profile_name, environ)
    endpoints = ROOT / profile.endpoints
    if profile_name == "production":
        ensure_postgres_database(profile.database_url)
    else:
        endpoints = workdir / "endpoints.yml"
        endpoints.write_text(
            "action_endpoint:\n"
            f"  url: http://127.0.0.1:{action_port}/webhook\n"
            "tracker_store:\n"
            "  type: kyphobot.tracker_store.DurableSQLTrackerStore\n"
            f"  dialect: sqlite\n  db: {workdir / 'kyphobot.db'}\n"
        )
    config = StackConfig(
        model=MODEL,
        endpoints=endpoints,
        rasa_port=first,
        action_port=action_port,
        replicas=replicas,
        log_dir=workdir,
        extra_env=profile.environment,
    )
    stack = Stack(core_services(config), extra_env=profile.environment)
    started = time.perf_counter()
    stack.start(timeout=300)
    elapsed = time.perf_counter() - started
    urls = [f"http://127.0.0.1:{port}" for port in config.rasa_ports]
    return Deployment(stack, urls, profile.database_url, elapsed), database


def _busy(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def drop_database(database: str) -> None:
    """Remove a benchmark's PostgreSQL database."""
    import sqlalchemy as sa

    profile = load_profile("production", {**os.environ, "DB_NAME": "postgres"})
    admin = sa.create_engine(profile.database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(
            sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        )
    admin.dispose()


def training_time() -> float:
    """Seconds to train the model from scratch (cold cache) into a temp dir."""
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "RASA_CACHE_DIRECTORY": cache, "TF_CPP_MIN_LOG_LEVEL": "3"}
        started = time.perf_counter()
        subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-m",
                "kyphobot.serve",
                "train",
                "--domain",
                "domain",
                "--config",
                "config.yml",
                "--data",
                "data",
                "--out",
                out,
                "--force",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


def model_load_time() -> float:
    """Seconds for Rasa to load the trained model in process."""
    from rasa.core.agent import Agent

    started = time.perf_counter()
    Agent.load(str(MODEL))
    return time.perf_counter() - started


def measure(name: str, patients: int) -> Iterator[str]:
    """Start one deployment, measure it, stop it; yield Markdown lines."""
    with tempfile.TemporaryDirectory() as tmp:
        deployment, database = start(name, Path(tmp))
        try:
            pids = {
                s.name: s.process.pid for s in deployment.stack.services if s.process
            }
            rest = {n: rss_mb(p) for n, p in pids.items()}
            rows = []
            runs = [(1, 0.0), (20, 0.0), (patients, 0.0), (20, 2.0), (patients, 2.0)]
            with PeakMemory(pids) as peak:
                for concurrent, think in runs:
                    result = asyncio.run(
                        run_load(deployment.urls, concurrent, 5, think_time=think)
                    )
                    lost = result.messages - stored_user_messages(
                        deployment.database_url, result.senders
                    )
                    figures = result.summary()
                    rows.append(
                        f"| {name} | {concurrent} | {think:.0f} s | "
                        f"{figures['throughput_msg_per_s']:.1f} | "
                        f"{figures['p50_ms']:.0f} | {figures['p95_ms']:.0f} | "
                        f"{figures['p99_ms']:.0f} | {figures['errors']} | {lost} | "
                        f"{figures['wrong_answers']} |"
                    )
            yield (
                f"**{name}**: start-up {deployment.startup_seconds:.1f} s; memory (MB) "
                + ", ".join(
                    f"{n} {rest[n]:.0f} at rest / {peak.peak[n]:.0f} peak" for n in pids
                )
            )
            yield ""
            yield (
                "| deployment | patients | pause between turns | msg/s | p50 ms "
                "| p95 ms | p99 ms | errors | lost | wrong answers |"
            )
            yield "|---|---|---|---|---|---|---|---|---|---|"
            yield from rows
            yield ""
        finally:
            deployment.stack.stop()
            if database:
                drop_database(database)


def main(argv: Optional[List[str]] = None) -> int:
    """Measure the requested deployments."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--deployments", nargs="+", default=list(DEPLOYMENTS), choices=list(DEPLOYMENTS)
    )
    parser.add_argument("--patients", type=int, default=50)
    parser.add_argument("--skip-training", action="store_true")
    arguments = parser.parse_args(argv)
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} cores "
        f"with `python -m benchmarks.deployments`.",
        "",
    ]
    if not arguments.skip_training:
        lines.append(f"- training time (cold cache): {training_time():.0f} s")
    lines.append(f"- model size: {MODEL.stat().st_size / 1e6:.1f} MB")
    lines.append(f"- model load time (in process): {model_load_time():.1f} s")
    lines.append("")
    print("\n".join(lines), flush=True)
    for name in arguments.deployments:
        for line in measure(name, arguments.patients):
            print(line, flush=True)
            lines.append(line)
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "benchmark.md").write_text("\n".join(lines) + "\n")
    shutil.rmtree(ROOT / "var" / "bench", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
