"""Start the whole assistant as one command, and stop all of it on Ctrl-C.

``make run`` uses this to start the action server and the Rasa server (and
the other parts of the product) with the embedded defaults; the test suite
uses the same :class:`Stack` to run the real servers on free ports.
"""

import argparse
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


def _rasa_executable() -> str:
    candidate = Path(sys.executable).with_name("rasa")
    return str(candidate) if candidate.exists() else "rasa"


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
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
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
    cors: Sequence[str] = ("*",)
    log_dir: Optional[Path] = None
    extra_env: Dict[str, str] = field(default_factory=dict)


def core_services(config: StackConfig) -> List[Service]:
    """The action server and the Rasa server."""
    rasa = _rasa_executable()
    log = (
        (lambda name: config.log_dir / f"{name}.log")
        if config.log_dir
        else (lambda name: None)
    )
    actions = Service(
        name="action server",
        command=[
            rasa,
            "run",
            "actions",
            "--actions",
            "actions",
            "--port",
            str(config.action_port),
        ],
        health_url=f"http://127.0.0.1:{config.action_port}/health",
        public_url=f"http://localhost:{config.action_port}/webhook",
        log_path=log("actions"),
    )
    server_command = [
        rasa,
        "run",
        "--model",
        str(config.model),
        "--endpoints",
        str(config.endpoints),
        "--credentials",
        str(config.credentials),
        "--port",
        str(config.rasa_port),
    ]
    for origin in config.cors:
        server_command += ["--cors", origin]
    token = config.extra_env.get("RASA_AUTH_TOKEN") or os.environ.get("RASA_AUTH_TOKEN")
    if token:
        server_command += ["--enable-api", "--auth-token", token]
    server = Service(
        name="Rasa server",
        command=server_command,
        health_url=f"http://127.0.0.1:{config.rasa_port}/",
        public_url=f"http://localhost:{config.rasa_port}/webhooks/rest/webhook",
        log_path=log("rasa"),
    )
    return [actions, server]


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
        """Start every service and wait until all are healthy."""
        for service in self.services:
            service.start(self.environment)
        deadline = time.monotonic() + timeout
        pending = list(self.services)
        while pending:
            for service in list(pending):
                if service.process is not None and service.process.poll() is not None:
                    self.stop()
                    raise RuntimeError(
                        f"{service.name} exited with code {service.process.returncode}"
                        + (f"; see {service.log_path}" if service.log_path else "")
                    )
                if service.is_ready():
                    pending.remove(service)
            if time.monotonic() > deadline:
                self.stop()
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


def main(argv: Optional[List[str]] = None) -> int:
    """Run the assistant in the foreground until Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--endpoints", type=Path, default=Path("endpoints.yml"))
    parser.add_argument(
        "--rasa-port", type=int, default=int(os.environ.get("RASA_PORT", 5005))
    )
    parser.add_argument(
        "--action-port", type=int, default=int(os.environ.get("ACTION_PORT", 5055))
    )
    arguments = parser.parse_args(argv)
    cors = [o for o in os.environ.get("KYPHOBOT_CORS_ORIGINS", "").split(",") if o] or [
        f"http://localhost:{os.environ.get('WEBCHAT_PORT', 8080)}",
        f"http://127.0.0.1:{os.environ.get('WEBCHAT_PORT', 8080)}",
    ]
    config = StackConfig(
        model=arguments.model,
        endpoints=arguments.endpoints,
        rasa_port=arguments.rasa_port,
        action_port=arguments.action_port,
        cors=cors,
    )
    stack = Stack(product_services(config))
    interrupted = False

    def _interrupt(signum: int, _frame: object) -> None:
        nonlocal interrupted
        interrupted = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _interrupt)
    try:
        print("Starting the assistant (the Rasa server takes about a minute)...")
        stack.start()
        print("\nThe kyphoplasty assistant is running:")
        for service in stack.services:
            print(f"  {service.name:<14} {service.public_url}")
        print("\nPress Ctrl-C to stop.")
        return stack.wait()
    except KeyboardInterrupt:
        interrupted = True
        return 0
    finally:
        if interrupted:
            print("\nStopping...")
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
