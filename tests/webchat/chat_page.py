"""What a patient sees of the chat widget, for the tests and the screenshots.

Playwright's CSS and role locators pierce the widget's open shadow root, so
these read the page as a browser user (or a screen reader) would.
"""

from typing import Any, Dict, List

from playwright.sync_api import Locator, Page, expect

LAUNCHER = "Questions? Chat with us"
REPLY_TIMEOUT_MS = 30_000


class ChatPage:
    """One browser tab with the demo page and its chat widget."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.sent: List[Dict[str, Any]] = []
        self.dialogs: List[str] = []
        self.errors: List[str] = []
        page.on("request", self._record_request)
        page.on("dialog", self._record_dialog)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _record_request(self, request: Any) -> None:
        if request.method == "POST" and request.url.endswith("/webhooks/rest/webhook"):
            self.sent.append(request.post_data_json)

    def _record_dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    @property
    def launcher(self) -> Locator:
        return self.page.get_by_role("button", name=LAUNCHER)

    @property
    def panel(self) -> Locator:
        return self.page.get_by_role("dialog")

    @property
    def input(self) -> Locator:
        return self.page.get_by_role("textbox", name="Type your question")

    @property
    def bot_messages(self) -> Locator:
        return self.page.locator(".kc-msg.kc-bot:not(.kc-intro)")

    @property
    def patient_messages(self) -> Locator:
        return self.page.locator(".kc-msg.kc-patient")

    @property
    def status(self) -> Locator:
        return self.page.get_by_role("status").filter(has_text="onnect")

    def quick_reply(self, title: str) -> Locator:
        group = self.page.get_by_role("group", name="Suggested replies")
        return group.get_by_role("button", name=title, exact=True)

    def goto(self, url: str) -> "ChatPage":
        self.page.goto(url)
        expect(self.launcher).to_be_visible()
        return self

    def open(self) -> None:
        self.launcher.click()
        expect(self.panel).to_be_visible()
        expect(self.input).to_be_focused()

    def ask(self, text: str) -> None:
        self.input.fill(text)
        self.input.press("Enter")

    def wait_for_bot_messages(self, count: int) -> Locator:
        """The ``count``-th bot message, once it is there."""
        expect(self.bot_messages).to_have_count(count, timeout=REPLY_TIMEOUT_MS)
        return self.bot_messages.nth(count - 1)

    def session_id(self) -> str:
        return str(
            self.page.evaluate(
                """() => {
                  const key = Object.keys(localStorage)
                    .find(k => k.endsWith(':session'));
                  return key ? JSON.parse(localStorage.getItem(key)).id : '';
                }"""
            )
        )
