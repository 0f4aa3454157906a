"""vCard files (2.1, 3.0 and 4.0) as phones, Outlook, Google, Apple,
Evolution, Lotus, BlackBerry and Thunderbird export them.

``read_vcard_bytes`` reads a file's bytes: UTF-8, UTF-16 or UTF-32 (with or
without a byte-order mark) are decoded whole; a file in a legacy code page
is read byte for byte, and each value is decoded in its own ``CHARSET``
(vCard 2.1 phones write ``N;CHARSET=Windows-1253:...``; guessing the whole
file's code page from a few short Greek names takes it for Cyrillic), the
values that name none in the code page the file declares most, or else the
one ``textfile.encoding_of`` finds.

What is read: folded lines (a leading space or tab), quoted-printable
values and their soft line breaks, ``ENCODING=BASE64``/``B`` text values,
parameters in both the old (``TEL;CELL``) and new (``TYPE=cell``) styles,
escaped characters, groups (``item1.EMAIL``), every e-mail, phone and link
(a ``PREF`` one first), every ``ORG``, ``TITLE`` and ``NOTE`` (the first
are the organization, the role and the note, the others go into the notes).
Photos, logos, sounds, keys and other binary values are skipped without a
word, vCard 2.1's base64 lines too (they need no leading space and end with
a blank line), in time linear in the file's size.  A card without a name
but with an e-mail or a phone is named after it, and says so in its notes.
A file with no ``BEGIN:VCARD`` line is refused with ``ValueError``.

(``vobject`` 0.9.9 was compared with this reader on the fixtures of
tests/test_import_vcard.py and stays a test dependency only: it read 7 of
the 12 right, as the reader before this one did; it fails on vCard 2.1 base64
lines without a leading space, on a soft line break onto an unindented line,
on quoted-printable Windows-1252 without a CHARSET (the whole file lost),
and ignores ``CHARSET``.)
"""

from __future__ import annotations

import base64
import binascii
import codecs
import quopri
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from builder.importers.records import Person, Skipped, clean
from builder.importers.textfile import encoding_of

NOT_A_VCARD = "not a vCard file: no BEGIN:VCARD line"
NAMED_AFTER = "No name in the card: named after its "  # + "e-mail" or "phone"

_NAME = re.compile(r"^(?:[A-Za-z0-9_-]+\.)?([A-Za-z0-9_-]+)$")
_HEAD = re.compile(r'(?:[^:"\n]|"[^"\n]*")*')
_BASE64_LINE = re.compile(r"[A-Za-z0-9+/=]+\s*")
_BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY", "X-MS-CARDPICTURE"})
_IGNORED = frozenset({"VERSION", "PRODID", "REV", "UID", "X-ABUID", "CLIENTPIDMAP", "LABEL", "AGENT"})
_UNICODE = frozenset({"utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})


@dataclass(slots=True)
class _Line:
    """One unfolded property line: where it starts, its head and its value."""

    number: int
    head: str  # name and parameters, before the ':' ("" when the line has none)
    value: str
    binary: bool  # a binary value whose text was not kept


def _params(raw: str) -> dict[str, list[str]]:
    """The parameters of a head's part after the name (``;TYPE=work;PREF``)."""
    params: dict[str, list[str]] = {}
    for part in re.findall(r';((?:[^;"]|"[^"]*")*)', raw):
        name, eq, value = part.partition("=")
        name = name.strip().upper()
        if not eq:  # vCard 2.1: bare values such as WORK, VOICE, QUOTED-PRINTABLE
            key = "ENCODING" if name in ("QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT") else "TYPE"
            params.setdefault(key, []).append(name)
            continue
        values = [v.strip().strip('"') for v in re.split(r',(?=(?:[^"]*"[^"]*")*[^"]*$)', value)]
        params.setdefault(name, []).extend(values)
    return params


def _split_head(head: str) -> tuple[str, str] | None:
    """(property name in capitals, the parameters' text), or ``None`` when
    ``head`` is not a property's head."""
    name, _, raw = head.partition(";")
    match = _NAME.match(name.strip())
    if match is None:
        return None
    return match.group(1).upper(), ";" + raw if raw else ""


def _encoding(head: str) -> str:
    """The ENCODING a head names, in capitals ("" when none); a cheap look
    at the head, for unfolding, before the parameters are parsed."""
    upper = head.upper()
    if "QUOTED-PRINTABLE" in upper:
        return "QUOTED-PRINTABLE"
    if re.search(r"[;=,]\s*(?:BASE64|B)\s*(?:[;,]|$)", upper):
        return "BASE64"
    return ""


def _lines(text: str) -> Iterator[_Line]:
    """The unfolded property lines of ``text``, in time linear in its size:
    folded lines joined (their parts gathered in a list, joined once), the
    soft line breaks of quoted-printable values, vCard 2.1 base64 lines
    (no leading space needed, up to a blank line or a property), and the
    lines of binary values dropped as they come."""
    number = 0
    head = ""
    parts: list[str] = []
    start = 0
    binary = False
    qp_open = False  # the last part ended with a soft line break
    base64_open = False  # a 2.1 base64 value that may go on without a leading space
    pending = False
    for number, line in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        if pending:
            if qp_open:
                if not binary:
                    parts[-1] = parts[-1][:-1]
                    parts.append(line)
                qp_open = line.endswith("=")
                continue
            if line[:1] in (" ", "\t"):
                if not binary:
                    parts.append(line[1:])
                continue
            if base64_open:
                if not line.strip():
                    base64_open = False
                    continue
                if _BASE64_LINE.fullmatch(line):
                    if not binary:
                        parts.append(line)
                    continue
            yield _Line(start, head, "".join(parts), binary)
            pending = False
        if not line.strip():
            continue
        match = _HEAD.match(line)
        end = match.end() if match else 0
        if end >= len(line) or line[end] != ":":
            end = line.find(":")
        if end < 0:
            yield _Line(number, "", line, False)
            continue
        head, start, pending = line[:end], number, True
        encoding = _encoding(head)
        split = _split_head(head)
        name = split[0] if split else ""
        binary = name in _BINARY or (encoding == "BASE64" and name.startswith("X-"))
        parts = [] if binary else [line[end + 1 :]]
        qp_open = encoding == "QUOTED-PRINTABLE" and line.endswith("=")
        base64_open = encoding == "BASE64"
    if pending:
        yield _Line(start, head, "".join(parts), binary)


# Python's codecs for text that are no character set a file can be in: a
# CHARSET naming one would turn the value's backslashes into escapes (or fail).
_NOT_CHARSETS = frozenset({"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined", "charmap"})


def _text_codec(name: str) -> str | None:
    """The codec a CHARSET names, if Python has it and it is a character set."""
    try:
        info = codecs.lookup(name.strip().strip('"'))
    except (LookupError, ValueError):
        return None
    return info.name if info._is_text_encoding and info.name not in _NOT_CHARSETS else None


class _Decoder:
    """Turns a property's value into text: its ENCODING undone, its bytes
    read in its CHARSET.  ``legacy`` is the fallback code page of a file read
    byte for byte (its characters are its bytes), or ``None`` for a file
    that was decoded whole."""

    def __init__(self, legacy: str | None) -> None:
        self.legacy = legacy

    def _bytes_to_text(self, raw: bytes, charset: str | None) -> str:
        for codec in (charset, "utf-8", self.legacy):
            if codec is None:
                continue
            try:
                return raw.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
        return raw.decode("cp1252", errors="replace")

    def _raw(self, value: str) -> bytes:
        return value.encode("latin-1" if self.legacy else "utf-8", errors="replace")

    def value(self, value: str, params: dict[str, list[str]]) -> str:
        encodings = {e.upper() for e in params.get("ENCODING", [])}
        charsets = [c for c in (_text_codec(c) for c in params.get("CHARSET", [])) if c]
        charset = charsets[0] if charsets else None
        if "QUOTED-PRINTABLE" in encodings:
            return self._bytes_to_text(quopri.decodestring(self._raw(value)), charset)
        if encodings & {"BASE64", "B"}:
            try:
                raw = base64.b64decode("".join(value.split()) + "==", validate=False)
            except (binascii.Error, ValueError):
                return ""
            return self._bytes_to_text(raw, charset)
        if self.legacy is None:
            return value
        return self._bytes_to_text(value.encode("latin-1", errors="replace"), charset)


def _unescape(value: str) -> str:
    return re.sub(r"\\([nN,;:\\])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _split(value: str) -> list[str]:
    """Components of a structured value (N, ORG, ADR), split at unescaped ';'."""
    return [_unescape(p) for p in re.split(r"(?<!\\);", value)]


class _Card:
    """What one card holds, as it is read."""

    def __init__(self, where: str) -> None:
        self.person = Person(where)
        self.structured_name = ""
        self.emails: list[tuple[bool, str]] = []  # (preferred, address)
        self.phones: list[tuple[bool, str]] = []
        self.urls: list[str] = []
        self.roles: list[str] = []  # ROLE values, after the titles
        self.nested = 0  # depth of a vCard inside an AGENT property
        self.named_after = ""  # "e-mail" or "phone" when the card had no name

    def finish(self) -> Person | None:
        card = self.person
        card.emails = [e for _, e in sorted(self.emails, key=lambda p: not p[0]) if e]
        card.phones = [p for _, p in sorted(self.phones, key=lambda p: not p[0]) if p]
        card.urls = [u for u in self.urls if u]
        for role in self.roles:
            if not card.role:
                card.role = role
            elif role != card.role:
                card.extra.append(f"Role: {role}")
        if not card.name:
            card.name = self.structured_name
        if not card.name:
            for what, values in (("e-mail", card.emails), ("phone", card.phones)):
                if values:
                    card.name, self.named_after = values[0], what
                    card.extra.insert(0, NAMED_AFTER + what)
                    break
        return card if card.name else None

    def add(self, name: str, params: dict[str, list[str]], value: str) -> None:
        card = self.person
        types = [t.lower() for t in params.get("TYPE", [])]
        preferred = "pref" in types or bool(params.get("PREF"))
        label = clean(",".join(t for t in types if t != "pref"))
        if name == "FN":
            card.name = card.name or clean(_unescape(value))
        elif name == "N":
            if not self.structured_name:
                family, given, additional = ([*_split(value), "", "", ""])[:3]
                self.structured_name = clean(" ".join(p for p in (given, additional, family) if clean(p)))
        elif name == "EMAIL":
            self.emails.append((preferred, clean(_unescape(value))))
        elif name == "TEL":
            self.phones.append((preferred, clean(re.sub(r"(?i)^tel:", "", _unescape(value)))))
        elif name in ("URL", "X-SOCIALPROFILE"):
            self.urls.append(clean(_unescape(value)))
        elif name == "ORG":
            org, *units = [clean(p) for p in _split(value)]
            units = [u for u in units if u]
            if not org and not units:
                return
            if not card.organization and org:
                card.organization = org
                if units:
                    card.extra.append("Unit: " + ", ".join(units))
            else:
                card.extra.append("Other organization: " + ", ".join([org, *units] if org else units))
        elif name == "TITLE":
            title = clean(_unescape(value))
            if title and not card.role:
                card.role = title
            elif title and title != card.role:
                card.extra.append(f"Other title: {title}")
        elif name == "ROLE":
            role = clean(_unescape(value))
            if role:
                self.roles.append(role)
        elif name == "NOTE":
            note = _unescape(value).strip()
            if note and not card.note:
                card.note = note
            elif note:
                card.extra.append(clean(note))
        elif name == "BDAY":
            card.birthday = card.birthday or clean(value)
        elif name == "NICKNAME":
            nickname = clean(_unescape(value))
            if nickname:
                card.extra.append(f"Nickname: {nickname}")
        elif name == "ADR":
            address = ", ".join(p for p in (clean(p) for p in _split(value)) if p)
            if address:
                card.extra.append(f"Address{f' ({label})' if label else ''}: {address}")


def _read(text: str, legacy: str | None) -> tuple[list[Person], list[Skipped]]:
    decoder = _Decoder(legacy)
    people: list[Person] = []
    skipped: list[Skipped] = []
    seen_begin = False
    card: _Card | None = None
    agent_open = False  # the last property was an AGENT with no value: a vCard inside may follow
    junk: list[tuple[int, str]] = []  # consecutive lines that are not properties

    def flush_junk() -> None:
        if junk and seen_begin:  # text before the first card (a mail's headers) is no card's
            first, what = junk[0]
            more = f" (and {len(junk) - 1} more lines up to line {junk[-1][0]})" if len(junk) > 1 else ""
            # lines, not cards: a remark (the counts are of cards)
            skipped.append(Skipped(f"line {first}", f"not a vCard property: {what[:40]!r}{more}", note=True))
        junk.clear()

    for line in _lines(text):
        split = _split_head(line.head) if line.head else None
        if split is None:
            junk.append((line.number, ((line.head + ":" if line.head else "") + line.value)[:60]))
            continue
        flush_junk()
        name, raw_params = split
        where = f"line {line.number}"
        if name in ("BEGIN", "END") and clean(line.value).upper() == "VCARD":
            if name == "BEGIN":
                seen_begin = True
                if card is not None and (card.nested or agent_open):
                    card.nested += 1
                    continue
                if card is not None:
                    skipped.append(Skipped(card.person.where, "card has no END:VCARD"))
                card = _Card(where)
            elif card is None:
                skipped.append(Skipped(where, "END:VCARD without BEGIN:VCARD", note=True))
            elif card.nested:
                card.nested -= 1
            else:
                person = card.finish()
                if person is not None:
                    people.append(person)
                    if card.named_after:
                        why = f"card has no name (FN or N): imported as {person.name!r}, its {card.named_after}"
                        skipped.append(Skipped(person.where, why, note=True))
                else:
                    skipped.append(Skipped(card.person.where, "card has no name (FN or N), e-mail or phone"))
                card = None
            agent_open = False
            continue
        agent_open = name == "AGENT" and not line.value.strip()
        if card is None:
            if seen_begin:
                skipped.append(Skipped(where, f"{name} outside BEGIN:VCARD ... END:VCARD", note=True))
            continue
        if card.nested or line.binary or name in _BINARY or name in _IGNORED:
            continue
        params = _params(raw_params)
        card.add(name, params, decoder.value(line.value, params))
    flush_junk()
    if not seen_begin:
        raise ValueError(NOT_A_VCARD)
    if card is not None:
        skipped.append(Skipped(card.person.where, "card has no END:VCARD"))
    return people, skipped


def read_vcard(text: str) -> tuple[list[Person], list[Skipped]]:
    """The cards of a vCard file's text, and the cards or lines that could
    not be read (``ValueError`` when it holds no card at all)."""
    return _read(text.removeprefix("\ufeff"), None)


def read_vcard_bytes(data: bytes) -> tuple[list[Person], list[Skipped]]:
    """The cards of a vCard file as it was saved, read in its encoding and
    each value in its CHARSET (``ValueError``, ``textfile.NotText`` among
    them, when it is not a vCard file)."""
    encoding = encoding_of(data)
    codec = codecs.lookup(encoding).name
    ascii_compatible = b"BEGIN:VCARD".decode(codec, errors="replace") == "BEGIN:VCARD"
    if codec in _UNICODE or not ascii_compatible:
        return read_vcard(data.decode(codec, errors="replace"))
    text = data.decode("latin-1")  # byte for byte: each value is decoded in its own CHARSET
    declared = Counter(
        c for c in (_text_codec(m) for m in re.findall(r";CHARSET=\"?([A-Za-z0-9_.:-]+)", text, re.I)) if c
    )
    legacy = next((c for c, _ in declared.most_common() if c not in _UNICODE and c != "ascii"), codec)
    return _read(text, legacy)
