"""Exports: the journal's contacts as vCard 4.0 (RFC 6350)."""

from __future__ import annotations

import uuid

from builder.model import Contact, Journal

_NAMESPACE = uuid.UUID("6f1c2a9e-52a4-4c0e-9d7e-3b1f0c6a8d21")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


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
            lines.append(f"URL;TYPE={key}:{value}")
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
