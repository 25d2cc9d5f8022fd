"""Screenshots of the staff console for docs/screenshots/ (``make screenshots``).

Starts the real bot (trained model needed) and the console on free ports with
a throw-away database, has a few real conversations with the bot over the web
and SMS channels, signs in as an admin in headless Chromium and saves:

* ``console-queue.png``: the escalation queue, emergency first;
* ``console-transcript.png``: one conversation with intents and confidences;
* ``console-conversations.png``: the conversation list with flags;
* ``console-unanswered.png``: the unanswered-questions report.

Run: ``.venv/bin/python -m tests.console.screenshots [--out docs/screenshots]``
"""

import argparse
import tempfile
from pathlib import Path
from typing import List, Optional

from kyphobot.launcher import ROOT
from tests.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    MODEL_PATH,
    VAGUE_QUESTION,
    bot_stack,
)
from tests.console.live import (
    ADMIN,
    ask,
    create_conversations,
    create_staff,
    sign_in,
    start_console,
)

SMS_ENV = {
    "TWILIO_AUTH_TOKEN": "screenshot-twilio-token",
    "SMS_PUBLIC_URL": "https://kyphobot.example/webhooks/sms/webhook",
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
}


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    arguments = parser.parse_args(argv)
    arguments.out.mkdir(parents=True, exist_ok=True)
    if not MODEL_PATH.exists():
        raise SystemExit("trained model missing: run `make train`")

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        running_bot = bot_stack(workdir, SMS_ENV)
        bot, db_path = running_bot.stack, running_bot.db_path
        print("Starting the bot (about a minute)...")
        bot.start(timeout=240)
        console = None
        try:
            rasa_url = running_bot.rasa_url
            ask(rasa_url, "web-7f3a", "can i talk to a real nurse please")
            ask(rasa_url, "web-91c2", VAGUE_QUESTION)
            ask(rasa_url, "web-91c2", "/deny")
            ask(rasa_url, "web-5d10", "how long should i stay in bed")
            ask(rasa_url, "web-5d10", "is it covered by insurance?")
            create_conversations(
                rasa_url,
                db_path,
                {
                    "public_url": SMS_ENV["SMS_PUBLIC_URL"],
                    "token": SMS_ENV["TWILIO_AUTH_TOKEN"],
                    "account_sid": SMS_ENV["TWILIO_ACCOUNT_SID"],
                },
            )
            console = start_console(db_path, workdir)
            create_staff(console.db_url, *ADMIN[:1], "admin", ADMIN[1])
            shoot(console.url, "web-5d10", arguments.out)
        finally:
            if console is not None:
                console.stop()
            bot.stop()
    print(f"Screenshots written to {arguments.out}")
    return 0


def shoot(base_url: str, conversation: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        sign_in(page, base_url, *ADMIN)
        page.wait_for_selector("table.queue")
        page.screenshot(path=str(out / "console-queue.png"), full_page=True)
        page.goto(f"{base_url}/conversations")
        page.screenshot(path=str(out / "console-conversations.png"), full_page=True)
        page.click(f"tr:has-text('{conversation}') >> a.button")
        page.wait_for_selector(".transcript")
        page.screenshot(path=str(out / "console-transcript.png"), full_page=True)
        page.goto(f"{base_url}/unanswered")
        page.screenshot(path=str(out / "console-unanswered.png"), full_page=True)
        browser.close()


if __name__ == "__main__":
    raise SystemExit(main())
