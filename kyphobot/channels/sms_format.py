"""Turn the bot's messages into text messages a basic phone shows well.

A phone shows no markdown and no buttons, and every SMS segment is 160 GSM-7
characters, or only 70 once a single character needs Unicode. So this module
renders markdown and links as plain text, buttons as numbered options, and
splits long answers between sentences into at most four messages. When an
answer would need more, the last message ends with the clinic's number
instead of a medical sentence cut in half. Emergency guidance always comes
first. Everything here is pure: no I/O, easy to test.
"""

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

GSM7_LIMIT = 160
UCS2_LIMIT = 70
MAX_MESSAGES = 4

_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Characters of the GSM-7 extension table take two septets each.
_GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")

# Typographic punctuation that would force Unicode (70-character segments)
# for no visible gain.
_PLAIN_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2022": "-",
        "\u00b7": "-",
    }
)

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_CHOICE = re.compile(
    r"(?:option|number|#)?\s*\(?\s*(?P<choice>\d{1,2}|"
    + "|".join(_NUMBER_WORDS)
    + r")\s*\)?\s*[.!)]?"
)
_ABBREVIATIONS = frozenset(
    {"dr", "mr", "mrs", "ms", "st", "no", "e.g", "i.e", "vs", "approx", "a.m", "p.m"}
)
# A sentence ends at . ! or ? followed by space and anything but a lowercase
# letter (so "e.g. this" stays whole).
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=\S)(?![a-z])")


@dataclass(frozen=True)
class Option:
    """One numbered choice: what the patient reads and what the bot receives."""

    title: str
    payload: str


@dataclass(frozen=True)
class SmsReply:
    """The texts to send for one turn, and what they promised the patient."""

    bodies: List[str]
    options: List[Option]
    notices_included: bool = False
    shortened: bool = False


@dataclass(frozen=True)
class _Unit:
    """A piece that is never split unless it alone is too long for one SMS."""

    text: str
    joiner: str  # put before the text when it shares an SMS with earlier text


@dataclass(frozen=True)
class _Block:
    units: Tuple[_Unit, ...]
    optional: bool = False
    kind: str = "text"


# --- Counting -------------------------------------------------------------


def is_gsm7(text: str) -> bool:
    """Tell whether ``text`` can go as GSM-7, the 160-character encoding."""
    return all(c in _GSM7_BASIC or c in _GSM7_EXTENDED for c in text)


def sms_length(text: str) -> int:
    """Length as a phone counts it: septets for GSM-7, UTF-16 units otherwise.

    GSM-7 extension characters such as ``€`` take two septets; emoji take two
    UTF-16 units, so "70 characters" holds only 35 emoji.
    """
    if is_gsm7(text):
        return sum(2 if c in _GSM7_EXTENDED else 1 for c in text)
    return len(text.encode("utf-16-le")) // 2


def segment_limit(text: str) -> int:
    """How long one single-segment SMS with this text may be."""
    return GSM7_LIMIT if is_gsm7(text) else UCS2_LIMIT


def fits_one_sms(text: str, reserve: int = 0) -> bool:
    """Tell whether ``text`` plus ``reserve`` ASCII characters fit one SMS."""
    return sms_length(text) + reserve <= segment_limit(text)


# --- Plain text -----------------------------------------------------------


def plain_punctuation(text: str) -> str:
    """Replace curly quotes, dashes and ellipses with their GSM-7 forms."""
    return text.translate(_PLAIN_PUNCTUATION)


def _link_as_text(label: str, url: str) -> str:
    target = re.sub(r"^(tel|mailto|sms):", "", url)
    bare = re.sub(r"^https?://", "", target).rstrip("/")
    if not label or label.strip() in {url, target, bare}:
        return target
    if target in label:
        return label
    return f"{label} ({target})"


def markdown_to_plain(text: str) -> str:
    """Markdown and simple HTML as plain text; links become ``label (url)``."""
    text = re.sub(r"!\[([^\]]*)\]\(\s*([^)\s]+)[^)]*\)", r"\1 \2", text)
    text = re.sub(
        r"\[([^\]]*)\]\(\s*([^)\s]+)(?:\s+\"[^\"]*\")?\s*\)",
        lambda m: _link_as_text(m.group(1).strip(), m.group(2)),
        text,
    )
    text = re.sub(r"<((?:https?|mailto|tel):[^>\s]+)>", r"\1", text)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    text = re.sub(r"</?[A-Za-z][^<>]*>", "", text)
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])", r"\1", text)
    text = re.sub(r"~~(?=\S)(.+?)(?<=\S)~~", r"\1", text)
    text = re.sub(r"`{1,3}([^`]*)`{1,3}", r"\1", text)
    text = re.sub(r"(?m)^\s{0,3}#{1,6}\s*", "", text)
    text = re.sub(r"(?m)^\s{0,3}>\s?", "", text)
    text = re.sub(r"(?m)^\s*[*+]\s+", "- ", text)
    text = re.sub(r"[ \t]+", " ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = re.sub(r"\n{2,}", "\n", text)
    return plain_punctuation(text).strip()


def sentences(paragraph: str) -> List[str]:
    """Split a paragraph between sentences, not after "Dr." or "e.g."."""
    pieces: List[str] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(paragraph):
        candidate = paragraph[start : match.start()].rstrip()
        last_word = candidate.rsplit(" ", 1)[-1].rstrip(".!?\"')]").lower()
        if last_word in _ABBREVIATIONS:
            continue
        pieces.append(paragraph[start : match.end()].strip())
        start = match.end()
    pieces.append(paragraph[start:].strip())
    return [p for p in pieces if p]


# --- Choosing an option ---------------------------------------------------


def option_lines(options: Sequence[Option], first_number: int = 1) -> List[str]:
    """``Reply 1 for ...`` lines, one per option."""
    return [
        f"Reply {number} for {_lower_first(option.title)}"
        for number, option in enumerate(options, start=first_number)
    ]


def _lower_first(title: str) -> str:
    """Lower-case the first letter (``What it is`` -> ``what it is``), not ``MRI``."""
    if len(title) > 1 and title[1].isupper():
        return title
    return title[:1].lower() + title[1:]


def chosen_option(text: str, options: Sequence[Option]) -> Optional[Option]:
    """Find the option a reply like ``1``, ``#2`` or ``three`` picks, if any."""
    match = _CHOICE.fullmatch(text.strip().lower())
    if match is None:
        return None
    raw = match.group("choice")
    number = _NUMBER_WORDS.get(raw) or int(raw)
    if 1 <= number <= len(options):
        return options[number - 1]
    return None


# --- From bot messages to SMS bodies --------------------------------------


def is_emergency_marker(message: Dict[str, Any]) -> bool:
    """Tell whether this is the ``{"custom": {"emergency": true}}`` message."""
    custom = message.get("custom")
    return isinstance(custom, dict) and bool(custom.get("emergency"))


def emergency_first(messages: Sequence[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Move emergency guidance to the front and drop the marker messages.

    The emergency response carries ``custom.emergency``; Rasa sends its text
    just before that marker, so that text is what moves. Whatever else the
    bot said in the same turn comes after it.
    """
    ordered = list(messages)
    urgent: List[int] = []
    for index, message in enumerate(ordered):
        if not is_emergency_marker(message):
            continue
        if message.get("text"):
            urgent.append(index)
        elif index > 0 and ordered[index - 1].get("text"):
            urgent.append(index - 1)
    first = [ordered[i] for i in urgent]
    rest = [
        m
        for i, m in enumerate(ordered)
        if i not in urgent and not is_emergency_marker(m)
    ]
    return first + rest


def _text_block(text: str) -> Optional[_Block]:
    units: List[_Unit] = []
    for line in markdown_to_plain(text).split("\n"):
        for index, sentence in enumerate(sentences(line)):
            units.append(_Unit(sentence, " " if index else "\n"))
    return _Block(tuple(units)) if units else None


def _options_block(options: Sequence[Option], first_number: int) -> _Block:
    lines = option_lines(options, first_number)
    return _Block(
        tuple(_Unit(line, "\n") for line in lines), optional=True, kind="options"
    )


def _split_oversized(unit: _Unit, reserve: int) -> List[_Unit]:
    """Split a unit too long for one SMS at spaces (or anywhere, for a URL)."""
    if fits_one_sms(unit.text, reserve):
        return [unit]
    parts: List[str] = []
    current = ""
    for word in unit.text.split(" "):
        candidate = f"{current} {word}" if current else word
        if fits_one_sms(candidate, reserve):
            current = candidate
            continue
        if current:
            parts.append(current)
        while not fits_one_sms(word, reserve):
            cut = len(word)
            while cut > 1 and not fits_one_sms(word[:cut], reserve):
                cut -= 1
            parts.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        parts.append(current)
    return [_Unit(part, unit.joiner if i == 0 else " ") for i, part in enumerate(parts)]


def _pack(units: Sequence[_Unit], reserve: int) -> List[str]:
    """Fill each SMS with as many whole units as fit, in order."""
    bodies: List[str] = []
    current = ""
    for unit in units:
        for piece in _split_oversized(unit, reserve):
            candidate = (
                f"{current}{piece.joiner}{piece.text}" if current else piece.text
            )
            if fits_one_sms(candidate, reserve):
                current = candidate
            else:
                bodies.append(current)
                current = piece.text
    if current:
        bodies.append(current)
    return [body for body in bodies if body.strip()]


def _number(bodies: List[str]) -> List[str]:
    if len(bodies) < 2:
        return bodies
    total = len(bodies)
    return [f"{body} ({index}/{total})" for index, body in enumerate(bodies, 1)]


def _layout(units: Sequence[_Unit], max_messages: int) -> Optional[List[str]]:
    """Lay ``units`` out as numbered bodies, or None if over ``max_messages``."""
    single = _pack(units, reserve=0)
    if len(single) <= 1:
        return single
    reserve = len(f" ({max_messages}/{max_messages})")
    bodies = _pack(units, reserve=reserve)
    return _number(bodies) if len(bodies) <= max_messages else None


def _units(blocks: Sequence[_Block]) -> List[_Unit]:
    units: List[_Unit] = []
    for block in blocks:
        units.extend(block.units)
    return units


def compose(
    messages: Sequence[Dict[str, Any]],
    overflow_note: str,
    notices: Sequence[str] = (),
    max_messages: int = MAX_MESSAGES,
) -> SmsReply:
    """Render one turn of bot messages as at most ``max_messages`` SMS bodies.

    Args:
        messages: What Rasa's collecting output channel gathered.
        overflow_note: Ends the last SMS when the answer does not fit, e.g.
            a pointer to call the clinic.
        notices: Optional lines (such as how to opt out) added if they fit.
        max_messages: The most SMS one turn may send.

    Returns:
        The bodies, the options they offer (only those actually shown),
        whether the notices were included and whether text was left out.

    """
    blocks: List[_Block] = []
    options: List[Option] = []
    for message in emergency_first(messages):
        text_block = _text_block(str(message.get("text") or ""))
        if text_block:
            blocks.append(text_block)
        if message.get("image"):
            blocks.append(_Block((_Unit(str(message["image"]), "\n"),)))
        buttons = [
            Option(markdown_to_plain(str(b.get("title") or "")), str(b["payload"]))
            for b in message.get("buttons") or []
            if isinstance(b, dict) and b.get("payload")
        ]
        buttons = [b for b in buttons if b.title]
        if buttons:
            blocks.append(_options_block(buttons, len(options) + 1))
            options.extend(buttons)
    for notice in notices:
        blocks.append(
            _Block((_Unit(markdown_to_plain(notice), "\n"),), True, kind="notice")
        )

    # Drop the least important blocks first: the notice, then the options.
    for kept in (
        blocks,
        [b for b in blocks if b.kind != "notice"],
        [b for b in blocks if not b.optional],
    ):
        bodies = _layout(_units(kept), max_messages)
        if bodies is not None:
            shown = any(b.kind == "options" for b in kept)
            return SmsReply(
                bodies=bodies,
                options=options if shown else [],
                notices_included=any(b.kind == "notice" for b in kept),
            )

    # Still too long: keep whole sentences and end with the overflow note.
    required = _units([b for b in blocks if not b.optional])
    note = _Unit(markdown_to_plain(overflow_note), "\n")
    for keep in range(len(required), -1, -1):
        bodies = _layout([*required[:keep], note], max_messages)
        if bodies is not None:
            return SmsReply(bodies=bodies, options=[], shortened=True)
    return SmsReply(bodies=_pack([note], reserve=0)[:max_messages], options=[])


def compose_text(text: str, max_messages: int = MAX_MESSAGES) -> List[str]:
    """Split a fixed notice (keywords, friendly refusals) into SMS bodies."""
    return compose([{"text": text}], overflow_note="", max_messages=max_messages).bodies
