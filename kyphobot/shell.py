"""``make shell``: talk to the assistant in the terminal.

Starts the action server in the background (escalations and emergencies are
recorded as usual, in the embedded SQLite store), runs ``rasa shell`` in the
foreground, and stops the action server when the shell ends.
"""

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import List, Optional

from kyphobot.launcher import (
    DEFAULT_MODEL,
    ROOT,
    Stack,
    StackConfig,
    action_server,
    base_environment,
    rasa_command,
)
from kyphobot.profiles import load_profile


def main(argv: Optional[List[str]] = None) -> int:
    """Run the action server and an interactive Rasa shell."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    arguments = parser.parse_args(argv)
    profile = load_profile("embedded")
    os.environ.update(profile.environment)
    config = StackConfig(model=arguments.model, log_dir=ROOT / "var")
    (ROOT / "var").mkdir(exist_ok=True)
    stack = Stack([action_server(config)], extra_env=profile.environment)

    def _hang_up(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGHUP, _hang_up)
    stack.start(timeout=120)
    try:
        command = [
            *rasa_command(),
            "shell",
            "--model",
            str(arguments.model),
            "--endpoints",
            str(profile.endpoints),
        ]
        return subprocess.call(command, cwd=ROOT, env=base_environment())  # noqa: S603
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
