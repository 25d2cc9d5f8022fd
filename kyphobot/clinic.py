"""The clinic's contact details, read from ``domain/clinic.yml``.

The bot's responses fill ``{clinic_phone}`` and friends from slots whose
initial values live in that domain file, so the web chat, the SMS channel and
the staff console read the very same values here: one file to edit.
"""

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT / "domain" / "clinic.yml"
_SLOTS = ("clinic_name", "clinic_phone", "clinic_hours", "emergency_number")


@dataclass(frozen=True)
class Clinic:
    """Contact details that patients are given when the bot hands over."""

    name: str
    phone: str
    hours: str
    emergency_number: str

    @property
    def phone_link(self) -> str:
        """``tel:`` URI for the clinic phone (digits and a leading + only)."""
        digits = "".join(c for c in self.phone if c.isdigit() or c == "+")
        return f"tel:{digits}"

    @property
    def emergency_link(self) -> str:
        """``tel:`` URI for the emergency number."""
        return f"tel:{self.emergency_number}"


def load_clinic(path: Optional[Path] = None) -> Clinic:
    """Read the slots' initial values from the clinic domain file."""
    domain = yaml.safe_load((path or DEFAULT_PATH).read_text(encoding="utf-8"))
    slots = domain.get("slots") or {}
    values = {name: str(slots[name]["initial_value"]) for name in _SLOTS}
    return Clinic(
        name=values["clinic_name"],
        phone=values["clinic_phone"],
        hours=values["clinic_hours"],
        emergency_number=values["emergency_number"],
    )


@functools.lru_cache(maxsize=1)
def get_clinic() -> Clinic:
    """The process-wide clinic settings, read once on first use."""
    return load_clinic()


def safe_fallback_text(clinic: Optional[Clinic] = None) -> str:
    """What a patient reads when something on our side failed: never silence."""
    clinic = clinic or get_clinic()
    return (
        "Sorry, something went wrong on my side. If this is an emergency, call "
        f"{clinic.emergency_number} now. Otherwise, please call {clinic.name} at "
        f"{clinic.phone} ({clinic.hours})."
    )
