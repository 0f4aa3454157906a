"""What an import knows about one person, whatever the file it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from builder.values import strip_controls


@dataclass
class Person:
    """One person read from an export; ``where`` says where (``row 12``, ``line 40``)."""

    where: str
    name: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    organization: str = ""
    role: str = ""
    note: str = ""
    birthday: str = ""
    connected_on: date | None = None
    extra: list[str] = field(default_factory=list)  # other details, kept in the notes


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row or card that was not imported, and why; with ``note``, only a
    remark on a row that was imported (a date that could not be read)."""

    where: str
    why: str
    note: bool = False

    @property
    def row(self) -> bool:
        """Whether a whole row or card was left out (it counts as skipped)."""
        return not self.note


def clean(text: str | None) -> str:
    """A one-line value: whitespace collapsed, control characters dropped
    (``journal check`` refuses them, and one odd card must not stop a whole
    import); ``None`` as empty."""
    return " ".join(strip_controls(text or "", line_break=" ").split())


def normalize_url(url: str) -> str:
    """A profile address in a comparable form: https, no ``www.``, no query,
    no trailing slash, lowercase host and path."""
    u = url.strip()
    if not re.match(r"(?i)^https?://", u):
        u = "https://" + u.lstrip("/")
    u = re.sub(r"(?i)^http://", "https://", u)
    u = re.sub(r"(?i)^https://www\.", "https://", u)
    u = u.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return u.lower()


def web_address(url: str) -> str | None:
    """``url`` as an https address we can store, or ``None`` if it is not one."""
    u = url.strip()
    if not u:
        return None
    if not re.match(r"(?i)^https?://", u):
        if re.match(r"^[\w.-]+\.[a-z]{2,}(/|$)", u, re.IGNORECASE):
            u = "https://" + u
        else:
            return None
    if re.search(r"[\s<>\"]", u):
        return None
    return u


def is_linkedin(url: str) -> bool:
    """Whether ``url`` is a LinkedIn profile."""
    return "linkedin.com/" in url.lower()
