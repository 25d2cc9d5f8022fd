"""Screenshots of the demo page with a real conversation, for docs/webchat.md.

``python -m tests.webchat.screenshots`` (``make screenshots``) starts the
assistant, the action server and the demo page on free ports, has the same
conversation at desktop and phone size in headless Chromium, and writes the
PNGs to docs/screenshots/. tests/webchat/test_screenshots.py runs the same
:func:`take_screenshots` against the test session's servers.
"""

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List, NamedTuple, Optional

from kyphobot.launcher import ROOT
from tests.webchat.chat_page import ChatPage
from tests.webchat.servers import demo_service, running

OUT_DIR = ROOT / "docs" / "screenshots"


class Shot(NamedTuple):
    """One screenshot: file name, window size, and what the patient asks."""

    name: str
    viewport: Dict[str, int]
    emergency: bool


SHOTS = [
    Shot("webchat-desktop.png", {"width": 1280, "height": 800}, emergency=True),
    Shot("webchat-phone.png", {"width": 375, "height": 740}, emergency=False),
    Shot("webchat-phone-emergency.png", {"width": 375, "height": 740}, emergency=True),
]


def take_screenshots(browser: Any, demo_url: str, out_dir: Path) -> List[Path]:
    """Have the conversation in a fresh profile per shot; return the PNG paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for shot in SHOTS:
        context = browser.new_context(viewport=shot.viewport, reduced_motion="reduce")
        try:
            chat = ChatPage(context.new_page())
            chat.goto(demo_url).open()
            chat.ask("what kind of anesthesia will I get?")
            chat.wait_for_bot_messages(1)
            chat.quick_reply("Walking afterwards").click()
            chat.wait_for_bot_messages(2)
            if shot.emergency:
                chat.ask("I can't feel my legs")
                chat.wait_for_bot_messages(3)
            chat.page.mouse.move(0, 0)  # no hover effects in the picture
            chat.page.wait_for_timeout(400)  # smooth scrolling settles
            path = out_dir / shot.name
            chat.page.screenshot(path=str(path))
            written.append(path)
        finally:
            context.close()
    return written


def main(argv: Optional[List[str]] = None) -> int:
    """Start everything on free ports, take the screenshots, stop everything."""
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS, MODEL_PATH, bot_stack

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    arguments = parser.parse_args(argv)
    if not MODEL_PATH.exists():
        print("trained model missing: run `make train`", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        running_bot = bot_stack(work)
        stack = running_bot.stack
        print("Starting the assistant (about a minute)...")
        stack.start(timeout=240)
        try:
            rasa_url = running_bot.rasa_url
            with running(demo_service(rasa_url, work)) as demo, sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                try:
                    paths = take_screenshots(browser, demo.public_url, arguments.out)
                finally:
                    browser.close()
        finally:
            stack.stop()
    for path in paths:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
