"""Accessibility with a real conversation on screen: axe-core, small screens, zoom.

axe-core comes from npm (``npm ci``) and is injected into the page; the
context bypasses the demo page's Content-Security-Policy only for that.
"""

from pathlib import Path
from typing import Any, Dict, List

import pytest
from playwright.sync_api import expect

from tests.webchat.chat_page import ChatPage

pytestmark = [pytest.mark.browser, pytest.mark.server]

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return {
    violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => JSON.stringify(n.target)),
    })),
    // Proof that the scan reached into the widget's shadow root.
    widgetChecked: result.passes.some(
      p => p.nodes.some(n => JSON.stringify(n.target).includes('kc-panel'))),
  };
}"""


#: Waits for the widget's opening and message animations (in its shadow root,
#: which ``document.getAnimations()`` does not see): axe skips an element still
#: at opacity 0, so a scan on a busy machine could pass low contrast unseen.
SETTLE_ANIMATIONS = """async () => {
  const roots = [document];
  for (const root of roots) {
    root.querySelectorAll('*').forEach(e => {
      if (e.shadowRoot) roots.push(e.shadowRoot);
    });
  }
  const finite = roots.flatMap(r => r.getAnimations()).filter(
    a => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  await Promise.all(finite.map(a => a.finished));
}"""


def serious(violations: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def conversation(chat: ChatPage, url: str) -> None:
    """An FAQ answer with reply buttons and an emergency answer."""
    chat.goto(url).open()
    chat.ask("what kind of anesthesia will I get?")
    chat.wait_for_bot_messages(1)
    chat.ask("I can't feel my legs")
    chat.wait_for_bot_messages(2)
    chat.ask("https://example.org/a link, and <b>markup</b>")
    chat.wait_for_bot_messages(3)


def scan(
    chromium: Any, url: str, axe_path: Path, viewport: Dict[str, int], prepare: Any
) -> Dict[str, Any]:
    context = chromium.new_context(viewport=viewport, bypass_csp=True)
    try:
        chat = ChatPage(context.new_page())
        prepare(chat, url)
        chat.page.evaluate(SETTLE_ANIMATIONS)
        chat.page.add_script_tag(path=str(axe_path))
        return dict(chat.page.evaluate(RUN_AXE, WCAG_AA))
    finally:
        context.close()


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 800}, {"width": 320, "height": 640}],
    ids=["desktop", "phone-320"],
)
def test_axe_finds_no_serious_violations(
    chromium: Any, demo_url: str, axe_path: Path, viewport: Dict[str, int]
) -> None:
    def prepare(chat: ChatPage, url: str) -> None:
        conversation(chat, url)
        chat.page.get_by_role("button", name="Larger text").click()

    result = scan(chromium, demo_url, axe_path, viewport, prepare)
    assert serious(result["violations"]) == []
    assert result["widgetChecked"]


def test_axe_would_catch_low_contrast_inside_the_widget(
    chromium: Any, demo_url: str, axe_path: Path
) -> None:
    """The scan sees into the widget's shadow root, so the test above can fail."""

    def prepare(chat: ChatPage, url: str) -> None:
        chat.goto(url).open()
        chat.page.locator(".kc-intro .kc-text").evaluate(
            "e => { e.style.color = '#c8c8c8'; }"
        )

    result = scan(chromium, demo_url, axe_path, {"width": 1280, "height": 800}, prepare)
    assert "color-contrast" in [v["id"] for v in serious(result["violations"])]


@pytest.mark.parametrize(
    "viewport",
    [{"width": 320, "height": 640}, {"width": 640, "height": 400}],
    ids=["phone-320", "desktop-at-200-percent-zoom"],
)
def test_usable_on_a_small_screen_at_every_text_size(
    chromium: Any, demo_url: str, viewport: Dict[str, int]
) -> None:
    context = chromium.new_context(viewport=viewport)
    try:
        chat = ChatPage(context.new_page())
        chat.goto(demo_url).open()
        chat.ask("what kind of anesthesia will I get?")
        chat.wait_for_bot_messages(1)
        controls = (
            chat.input,
            chat.page.get_by_role("button", name="Send"),
            chat.page.get_by_role("button", name="Close chat"),
            chat.page.locator(".kc-emergency-strip a"),
        )
        # At normal text size everything is on screen at once.
        for control in controls:
            expect(control).to_be_in_viewport()
        box = chat.panel.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 0.5
        assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"] + 0.5
        assert overflowing(chat, viewport["width"]) == []
        # At every larger size nothing sticks out sideways and every control
        # can still be reached.
        larger = chat.page.get_by_role("button", name="Larger text")
        while larger.is_enabled():
            larger.click()
            assert overflowing(chat, viewport["width"]) == []
            for control in (*controls, chat.quick_reply("Walking afterwards")):
                control.scroll_into_view_if_needed()
                expect(control).to_be_in_viewport()
    finally:
        context.close()


def overflowing(chat: ChatPage, width: int) -> List[str]:
    """Widget elements that stick out sideways (or make the page scroll)."""
    return list(
        chat.page.evaluate(
            """(width) => {
              const root = document.getElementById('kyphochat-root').shadowRoot;
              const wide = [...root.querySelectorAll('.kc-panel *')]
                .filter(e => e.getClientRects().length)
                .filter(e => e.getBoundingClientRect().right > width + 0.5)
                .map(e => e.className || e.tagName);
              if (document.documentElement.scrollWidth > width) wide.push('page');
              return wide;
            }""",
            width,
        )
    )
