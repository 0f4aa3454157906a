"""vCard files (2.1, 3.0 and 4.0) as phones and Google or Apple contacts
export them: folded lines, parameters in both the old and new styles,
quoted-printable values (2.1), escaped characters, several e-mails and
phones, ``ORG`` with units; photos are skipped."""

from __future__ import annotations

import quopri
import re

from builder.importers.records import Person, Skipped, clean

_PROPERTY = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)((?:;[^:;]*(?:\"[^\"]*\"[^:;]*)*)*):(.*)$", re.S)
_SKIP = frozenset({"PHOTO", "LOGO", "SOUND", "KEY", "VERSION", "PRODID", "REV", "UID", "X-ABUID", "CLIENTPIDMAP"})


def _params(raw: str) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for part in re.findall(r';((?:[^;"]|"[^"]*")*)', raw):
        name, eq, value = part.partition("=")
        if not eq:  # vCard 2.1: bare values such as WORK, VOICE, QUOTED-PRINTABLE
            upper = name.upper()
            key = "ENCODING" if upper in ("QUOTED-PRINTABLE", "BASE64", "B") else "TYPE"
            params.setdefault(key, []).append(upper)
            continue
        values = [v.strip('"') for v in re.split(r',(?=(?:[^"]*"[^"]*")*[^"]*$)', value)]
        params.setdefault(name.upper(), []).extend(values)
    return params


def _unescape(value: str) -> str:
    return re.sub(r"\\([nN,;:\\])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _split(value: str) -> list[str]:
    """Components of a structured value (N, ORG, ADR), split at unescaped ';'."""
    return [_unescape(p) for p in re.split(r"(?<!\\);", value)]


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, unfolded line): folded lines joined, and the soft
    line breaks of quoted-printable values (a line ending in '=') too."""
    out: list[tuple[int, str]] = []
    qp_open = False
    for number, line in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        if out and line[:1] in (" ", "\t") and not qp_open:
            out[-1] = (out[-1][0], out[-1][1] + line[1:])
        elif out and qp_open:
            out[-1] = (out[-1][0], out[-1][1][:-1] + line)
        elif line.strip():
            out.append((number, line))
        else:
            continue
        current = out[-1][1]
        head = current.split(":", 1)[0].upper()
        qp_open = "QUOTED-PRINTABLE" in head and current.endswith("=")
    return out


def _decode_qp(value: str, charset: str) -> str:
    raw = quopri.decodestring(value.encode("latin-1", "replace"))
    try:
        return raw.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return raw.decode("latin-1")


def read_vcard(text: str) -> tuple[list[Person], list[Skipped]]:
    """The cards of a vCard file, and the cards or lines that could not be read."""
    people: list[Person] = []
    skipped: list[Skipped] = []
    card: Person | None = None
    structured_name = ""
    for number, line in _logical_lines(text):
        where = f"line {number}"
        match = _PROPERTY.match(line)
        if match is None:
            skipped.append(Skipped(where, f"not a vCard property: {line[:40]!r}"))
            continue
        name, raw_params, value = match.group(1).upper(), match.group(2), match.group(3)
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            if card is not None:
                skipped.append(Skipped(card.where, "card has no END:VCARD"))
            card, structured_name = Person(where), ""
            continue
        if card is None:
            skipped.append(Skipped(where, f"{name} outside BEGIN:VCARD ... END:VCARD"))
            continue
        if name == "END":
            if not card.name and structured_name:
                card.name = structured_name
            if card.name:
                people.append(card)
            else:
                skipped.append(Skipped(card.where, "card has no name (FN or N)"))
            card = None
            continue
        if name in _SKIP:
            continue
        params = _params(raw_params)
        if "QUOTED-PRINTABLE" in [e.upper() for e in params.get("ENCODING", [])]:
            value = _decode_qp(value, (params.get("CHARSET") or ["utf-8"])[0])
        types = clean(",".join(t.lower() for t in params.get("TYPE", [])))
        if name == "FN":
            card.name = clean(_unescape(value))
        elif name == "N":
            family, given, additional = ([*_split(value), "", "", ""])[:3]
            structured_name = clean(" ".join(p for p in (given, additional, family) if clean(p)))
        elif name == "EMAIL":
            card.emails.append(clean(_unescape(value)))
        elif name == "TEL":
            card.phones.append(clean(re.sub(r"(?i)^tel:", "", _unescape(value))))
        elif name in ("URL", "X-SOCIALPROFILE"):
            card.urls.append(clean(_unescape(value)))
        elif name == "ORG":
            org, *units = [clean(p) for p in _split(value)]
            card.organization = org
            if any(units):
                card.extra.append("Unit: " + ", ".join(u for u in units if u))
        elif name == "TITLE" or (name == "ROLE" and not card.role):
            card.role = clean(_unescape(value))
        elif name == "NOTE":
            card.note = _unescape(value).strip()
        elif name == "BDAY":
            card.birthday = clean(value)
        elif name == "NICKNAME":
            card.extra.append("Nickname: " + clean(_unescape(value)))
        elif name == "ADR":
            parts = [clean(p) for p in _split(value)]
            address = ", ".join(p for p in parts if p)
            if address:
                card.extra.append(f"Address{f' ({types})' if types else ''}: {address}")
    if card is not None:
        skipped.append(Skipped(card.where, "card has no END:VCARD"))
    return people, skipped
