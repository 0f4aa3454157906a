"""Exports: the journal's contacts as vCard 4.0 (RFC 6350).

Whatever a contact holds, checked or not, each value stays on its line:
text is escaped and loses its control characters, a link's address keeps
its commas and semicolons, and a link's key cannot add a parameter.  Tests
read the export back with vobject and plainly.
"""

from __future__ import annotations

import re
import uuid

from builder.model import Contact, Journal
from builder.values import strip_controls, uri_value

_NAMESPACE = uuid.UUID("6f1c2a9e-52a4-4c0e-9d7e-3b1f0c6a8d21")
_NOT_A_TOKEN = re.compile(r"[^A-Za-z0-9-]")


def _escape(text: str) -> str:
    """A TEXT value (RFC 6350, 3.4): backslash, comma, semicolon and line
    breaks escaped, other control characters dropped."""
    text = strip_controls(text)
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def _uri(url: str) -> str:
    """A URI value (``values.uri_value``) with ',' percent-encoded too: vobject
    and other vCard 3.0 readers take every value for TEXT, where a comma ends
    it.  ';' is kept: it ends nothing after the property's ':'."""
    return uri_value(url).replace(",", "%2C")


def _type(key: str) -> str:
    """``;TYPE=github`` for a link's key: only letters, digits and hyphens,
    so that no key can end the parameter or add another (``journal check``
    allows no other key)."""
    token = _NOT_A_TOKEN.sub("", key)
    return f";TYPE={token}" if token else ""


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (never splitting a character)."""
    out: list[str] = []
    current = ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return "\r\n ".join(out) + "\r\n"


def contact_vcard(contact: Contact, organization_name: str | None) -> str:
    """One contact as a vCard 4.0."""
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"UID:urn:uuid:{uuid.uuid5(_NAMESPACE, contact.slug)}"]
    lines.append(f"FN:{_escape(contact.name)}")
    if organization_name:
        lines.append(f"ORG:{_escape(organization_name)}")
    if contact.role:
        lines.append(f"TITLE:{_escape(contact.role)}")
    for key, value in contact.links.items():
        if key == "email":
            lines.append(f"EMAIL:{_escape(value)}")
        elif key == "phone":
            lines.append(f"TEL;VALUE=text:{_escape(value)}")
        elif key == "twitter" and value.startswith("@"):
            lines.append(f"X-SOCIALPROFILE;TYPE=twitter:{_escape(value)}")
        else:
            lines.append(f"URL{_type(key)}:{_uri(value)}")
    if contact.topics:
        lines.append("CATEGORIES:" + ",".join(_escape(t) for t in contact.topics))
    lines.append("END:VCARD")
    return "".join(_fold(line) for line in lines)


def export_vcard(journal: Journal) -> str:
    """Every contact that is not private, as one vCard 4.0 file, in slug order."""
    out = []
    for contact in journal.contacts.values():
        if contact.private:
            continue
        org = contact.organization
        if org is not None and org in journal.organizations:
            org = journal.organizations[org].name
        out.append(contact_vcard(contact, org))
    return "".join(out)
