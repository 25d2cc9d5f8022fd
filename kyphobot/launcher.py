"""Start the whole assistant as one command, and stop all of it on Ctrl-C.

``make run`` uses this to start the action server and the Rasa server (and
the other parts of the product) with the embedded defaults; the test suite
uses the same :class:`Stack` to run the real servers on free ports.
"""

import argparse
import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from kyphobot.profiles import (
    EMBEDDED,
    PRODUCTION,
    Profile,
    ensure_postgres_database,
    load_profile,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = Path("models/kyphobot.tar.gz")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def base_environment() -> Dict[str, str]:
    """Environment shared by every process: no telemetry, quiet TensorFlow."""
    env = dict(os.environ)
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("SANIC_NO_UVLOOP", "false")
    return env


def rasa_command() -> List[str]:
    """``rasa`` with log redaction installed (see :mod:`kyphobot.serve`)."""
    return [sys.executable, "-m", "kyphobot.serve"]


@dataclass
class Service:
    """One process of the assistant and the URL that says it is ready."""

    name: str
    command: List[str]
    health_url: str
    public_url: str
    env: Dict[str, str] = field(default_factory=dict)
    log_path: Optional[Path] = None
    process: Optional["subprocess.Popen[bytes]"] = None

    def start(self, environment: Dict[str, str]) -> None:
        """Start the process, its output going to the log file or our stdout."""
        output = open(self.log_path, "ab") if self.log_path else None  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 - fixed argument lists
            self.command,
            cwd=ROOT,
            env={**environment, **self.env},
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
            start_new_session=True,
        )

    def is_ready(self) -> bool:
        """True once the health URL answers 200."""
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as response:  # noqa: S310
                return bool(response.status == 200)
        except (urllib.error.URLError, http.client.HTTPException, OSError):
            return False

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM so it can finish what it is doing; SIGKILL if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@dataclass
class StackConfig:
    """Ports and files for one running assistant."""

    model: Path = DEFAULT_MODEL
    endpoints: Path = Path("endpoints.yml")
    credentials: Path = Path("credentials.yml")
    rasa_port: int = 5005
    action_port: int = 5055
    replicas: int = 1
    cors: Sequence[str] = ("*",)
    log_dir: Optional[Path] = None
    extra_env: Dict[str, str] = field(default_factory=dict)

    @property
    def rasa_ports(self) -> List[int]:
        """One port per Rasa server replica, counting up from ``rasa_port``."""
        return [self.rasa_port + i for i in range(self.replicas)]


def action_server(config: StackConfig) -> Service:
    """The rasa-sdk action server."""
    return Service(
        name="action server",
        command=[
            *rasa_command(),
            "run",
            "actions",
            "--actions",
            "actions",
            "--port",
            str(config.action_port),
        ],
        health_url=f"http://127.0.0.1:{config.action_port}/health",
        public_url=f"http://localhost:{config.action_port}/webhook",
        log_path=config.log_dir / "actions.log" if config.log_dir else None,
    )


def rasa_server(config: StackConfig, port: int, name: str = "Rasa server") -> Service:
    """One Rasa server; the HTTP API only with ``RASA_AUTH_TOKEN``."""
    command = [
        *rasa_command(),
        "run",
        "--model",
        str(config.model),
        "--endpoints",
        str(config.endpoints),
        "--credentials",
        str(config.credentials),
        "--port",
        str(port),
    ]
    for origin in config.cors:
        command += ["--cors", origin]
    token = config.extra_env.get("RASA_AUTH_TOKEN") or os.environ.get("RASA_AUTH_TOKEN")
    if token:
        command += ["--enable-api", "--auth-token", token]
    origins = [o for o in config.cors if o != "*"]
    return Service(
        name=name,
        command=command,
        env={"KYPHOBOT_CORS_ORIGINS": ",".join(origins)} if origins else {},
        health_url=f"http://127.0.0.1:{port}/",
        public_url=f"http://localhost:{port}/webhooks/rest/webhook",
        log_path=config.log_dir / f"rasa-{port}.log" if config.log_dir else None,
    )


def core_services(config: StackConfig) -> List[Service]:
    """The action server and one Rasa server per replica."""
    servers = [
        rasa_server(
            config,
            port,
            "Rasa server" if config.replicas == 1 else f"Rasa replica {i + 1}",
        )
        for i, port in enumerate(config.rasa_ports)
    ]
    return [action_server(config), *servers]


def product_services(config: StackConfig) -> List[Service]:
    """Every part of the product that ``make run`` starts.

    The web chat demo server and the staff console add themselves through a
    ``service(config)`` function in their own package.
    """
    import importlib

    services = core_services(config)
    for module_name in ("kyphobot.webchat.service", "kyphobot.console.service"):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        services.append(module.service(config))
    return services


class Stack:
    """A running set of services, started and stopped together."""

    def __init__(
        self, services: List[Service], extra_env: Optional[Dict[str, str]] = None
    ):
        self.services = services
        self.environment = {**base_environment(), **(extra_env or {})}

    def start(self, timeout: float = 180.0) -> None:
        """Start every service and wait until all are healthy.

        If anything goes wrong on the way, everything already started is
        stopped again: a failed start never leaves processes behind.
        """
        try:
            self._start(timeout)
        except BaseException:
            self.stop()
            raise

    def _start(self, timeout: float) -> None:
        for service in self.services:
            service.start(self.environment)
        deadline = time.monotonic() + timeout
        pending = list(self.services)
        while pending:
            for service in list(pending):
                if service.process is not None and service.process.poll() is not None:
                    raise RuntimeError(
                        f"{service.name} exited with code {service.process.returncode}"
                        + (f"; see {service.log_path}" if service.log_path else "")
                    )
                if service.is_ready():
                    pending.remove(service)
            if time.monotonic() > deadline:
                names = ", ".join(s.name for s in pending)
                raise TimeoutError(f"not ready after {timeout:.0f} s: {names}")
            time.sleep(0.5)

    def stop(self) -> None:
        """Stop in reverse order: the server first, its helpers last."""
        for service in reversed(self.services):
            service.stop()

    def wait(self) -> int:
        """Block until one service exits; return its exit code."""
        while True:
            for service in self.services:
                if service.process is not None:
                    code = service.process.poll()
                    if code is not None:
                        print(
                            f"{service.name} stopped (exit code {code})",
                            file=sys.stderr,
                        )
                        return code
            time.sleep(0.5)


def prepare(profile: Profile) -> None:
    """Create what the profile needs and refuse to start without durable storage."""
    from kyphobot.preflight import check_lock_store, check_tracker_store

    os.environ.update(profile.environment)
    if profile.name == PRODUCTION:
        ensure_postgres_database(profile.database_url)
    problems = check_tracker_store(profile.endpoints) + check_lock_store(
        profile.endpoints, profile.replicas
    )
    if problems:
        raise SystemExit("preflight: " + "; ".join(problems))


def main(argv: Optional[List[str]] = None) -> int:
    """Run the assistant in the foreground until Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", choices=[EMBEDDED, PRODUCTION], default=None)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument(
        "--rasa-port", type=int, default=int(os.environ.get("RASA_PORT", 5005))
    )
    parser.add_argument(
        "--action-port", type=int, default=int(os.environ.get("ACTION_PORT", 5055))
    )
    arguments = parser.parse_args(argv)
    profile = load_profile(arguments.profile)
    prepare(profile)
    webchat_port = os.environ.get("WEBCHAT_PORT", "8080")
    cors = [o for o in os.environ.get("KYPHOBOT_CORS_ORIGINS", "").split(",") if o]
    config = StackConfig(
        model=arguments.model,
        endpoints=profile.endpoints,
        rasa_port=arguments.rasa_port,
        action_port=arguments.action_port,
        replicas=profile.replicas,
        cors=cors
        or [f"http://localhost:{webchat_port}", f"http://127.0.0.1:{webchat_port}"],
        extra_env=profile.environment,
    )
    stack = Stack(product_services(config), extra_env=profile.environment)
    interrupted = False

    def _interrupt(signum: int, _frame: object) -> None:
        nonlocal interrupted
        interrupted = True
        raise KeyboardInterrupt

    for stop_signal in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop_signal, _interrupt)
    try:
        print(f"Starting the assistant ({profile.name} profile, about a minute)...")
        stack.start()
        print(f"\nThe kyphoplasty assistant is running ({profile.name} profile):")
        for service in stack.services:
            print(f"  {service.name:<16} {service.public_url}")
        print(f"  conversations    {_safe_url(profile.database_url)}")
        print("\nPress Ctrl-C to stop.")
        return stack.wait()
    except KeyboardInterrupt:
        interrupted = True
        return 0
    finally:
        # Stop first, deaf to a second Ctrl-C, so no process is left behind even
        # if the terminal or a pipe is already gone.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stack.stop()
        if interrupted:
            with contextlib.suppress(OSError):
                print("\nStopped.", flush=True)


def _safe_url(url: str) -> str:
    import sqlalchemy as sa

    return sa.engine.make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    sys.exit(main())
