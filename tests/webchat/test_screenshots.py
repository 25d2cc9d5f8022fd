"""The screenshot script's conversation runs and writes real-size PNGs."""

import struct
from pathlib import Path
from typing import Any

import pytest

from tests.webchat.screenshots import SHOTS, take_screenshots

pytestmark = [pytest.mark.browser, pytest.mark.server]


def png_size(path: Path) -> "tuple[int, int]":
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_screenshots_show_the_conversation(
    chromium: Any, demo_url: str, tmp_path: Path
) -> None:
    paths = take_screenshots(chromium, demo_url, tmp_path)
    assert [p.name for p in paths] == [shot.name for shot in SHOTS]
    for path, shot in zip(paths, SHOTS):
        assert png_size(path) == (shot.viewport["width"], shot.viewport["height"])
        assert path.stat().st_size > 20_000  # a page with content, not a blank
