"""Merging imported people into the journal: match, then add what is missing.

A person matches a contact by profile address (LinkedIn or any web link),
then by e-mail, then by exact name.  A match gains what it lacks (links,
organization, role, the date you connected, notes) and keeps what the owner
wrote, except that a different company or position in the export updates
``organization`` and ``role``, so that git shows the job change.  Anyone
else becomes a new contact file.  Running the same import twice changes
nothing the second time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from builder.edit.authoring import short_slug, unique_slug
from builder.edit.lookup import fold
from builder.edit.writer import Workspace
from builder.edit.yamltext import FrontMatter, flow_mapping, scalar, set_nested, set_top
from builder.importers.records import Person, Skipped, clean, is_linkedin, normalize_url, web_address
from builder.model import Journal
from builder.values import parse_email, parse_phone, slugify


@dataclass
class ImportPlan:
    """What an import would do: new files, changed files, and the rest."""

    created: dict[str, str] = field(default_factory=dict)  # path -> text
    updated: dict[str, str] = field(default_factory=dict)  # path -> text
    changes: dict[str, list[str]] = field(default_factory=dict)  # path -> what changed, in words
    unchanged: int = 0  # rows whose contact already had everything they say
    merged: int = 0  # rows that were the same person as an earlier row of this import
    skipped: list[Skipped] = field(default_factory=list)  # rows left out, and remarks on rows read

    @property
    def skipped_rows(self) -> int:
        """Rows or cards left out (remarks on imported rows aside)."""
        return sum(1 for s in self.skipped if s.row)

    @property
    def rows(self) -> int:
        """Every row or card read: created + updated + unchanged + merged + skipped."""
        return len(self.created) + len(self.updated) + self.unchanged + self.merged + self.skipped_rows

    def texts(self) -> dict[str, str]:
        """Every file to write, and its new text."""
        return {**self.created, **self.updated}


@dataclass
class _Wanted:
    """A person's data in the journal's terms."""

    name: str
    links: dict[str, str]
    organization: str | None
    role: str | None
    met: str | None
    notes: list[str]


def _wanted(person: Person, org_by_name: dict[str, str], label: str) -> _Wanted:
    links: dict[str, str] = {}
    notes: list[str] = []
    emails = []
    for email in dict.fromkeys(person.emails):
        try:
            emails.append(parse_email(email))
        except ValueError:
            notes.append(f"E-mail (not an address): {email}")
    if emails:
        links["email"] = emails[0]
        notes += [f"Other e-mail: {e}" for e in emails[1:]]
    phones = []
    for phone in dict.fromkeys(person.phones):
        try:
            phones.append(parse_phone(phone))
        except ValueError:
            notes.append(f"Phone (not a number): {phone}")
    if phones:
        links["phone"] = phones[0]
        notes += [f"Other phone: {p}" for p in phones[1:]]
    for url in dict.fromkeys(person.urls):
        address = web_address(url)
        if address is None:
            notes.append(f"Link (not a web address): {url}")
        elif is_linkedin(address) and "linkedin" not in links:
            links["linkedin"] = address
        elif not is_linkedin(address) and "website" not in links:
            links["website"] = address
        else:
            notes.append(f"Other link: {address}")
    organization = None
    if person.organization:
        organization = org_by_name.get(fold(person.organization), person.organization)
    if person.note:
        notes.append(clean(person.note))
    if person.birthday:
        notes.append(f"Birthday: {person.birthday}")
    notes += person.extra
    met = person.connected_on.isoformat() if person.connected_on else None
    return _Wanted(person.name, links, organization, person.role or None, met, [as_text(n) for n in notes])


def as_text(note: str) -> str:
    """A note from an export as it goes into a contact's Markdown notes: its
    square brackets escaped, so that what an address book says never becomes
    the journal's own markup (a ``[[link]]`` to no entry, which the check
    refuses; a ``[ ] call her`` that would become a task)."""
    return note.replace("\\", "\\\\").replace("[", "\\[") if "[" in note else note


def _natural(slug: str) -> tuple[str, int]:
    base, dash, number = slug.rpartition("-")
    return (base, int(number)) if dash and number.isascii() and number.isdigit() else (slug, 0)


class _Index:
    """Existing and newly created contacts, by profile, e-mail and name."""

    def __init__(self, journal: Journal) -> None:
        self.by_url: dict[str, str] = {}
        self.by_email: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = {}
        self.links: dict[str, dict[str, str]] = {}
        self.rel: dict[str, str] = {}
        self.taken = {e.slug for e in journal.entries()} | set(journal.unloaded)
        # ana-lima, ana-lima-2, ..., ana-lima-10: the order an import made them in
        for contact in sorted(journal.contacts.values(), key=lambda c: _natural(c.slug)):
            self.add(contact.slug, contact.src.path, contact.name, dict(contact.links))
            for alias in _ALIAS.findall(contact.body):  # a name an earlier import recorded
                self.add(contact.slug, contact.src.path, alias.replace("\\[", "[").replace("\\\\", "\\"), {})

    def add(self, slug: str, rel: str, name: str | None, links: dict[str, str]) -> None:
        """Index a contact by ``name`` and by ``links``, as its file has
        them: a link of a kind it already has is not its (the file keeps
        the first; a second address goes into the notes), so that what
        this import finds is what the next one finds in the files."""
        self.rel[slug] = rel
        self.taken.add(slug)
        if name is not None:
            names = self.by_name.setdefault(fold(name), [])
            if slug not in names:
                names.append(slug)
        known = self.links.setdefault(slug, {})
        for key, value in links.items():
            if known.setdefault(key, value) != value:
                continue
            if key == "email":
                self.by_email.setdefault(value.casefold(), slug)
            elif value.lower().startswith(("http://", "https://")):
                self.by_url.setdefault(normalize_url(value), slug)

    def match(self, wanted: _Wanted) -> str | None:
        """The contact with the same profile address or e-mail, if any."""
        for key in ("linkedin", "website"):
            if key in wanted.links:
                found = self.by_url.get(normalize_url(wanted.links[key]))
                if found:
                    return found
        if "email" in wanted.links and wanted.links["email"].casefold() in self.by_email:
            return self.by_email[wanted.links["email"].casefold()]
        return None

    def same_name(self, wanted: _Wanted) -> list[str]:
        """Contacts with the same name whose profile and e-mail do not say
        they are someone else, in the order they were first seen."""
        out = []
        for slug in self.by_name.get(fold(wanted.name), ()):
            known = self.links.get(slug, {})
            if not any(
                key in known and key in wanted.links and self._key(key, known[key]) != self._key(key, wanted.links[key])
                for key in ("linkedin", "email")
            ):
                out.append(slug)
        return out

    @staticmethod
    def _key(kind: str, value: str) -> str:
        return normalize_url(value) if kind == "linkedin" else value.casefold()


def _new_text(wanted: _Wanted, label: str) -> str:
    lines = ["---", f"name: {scalar(wanted.name)}"]
    if wanted.organization:
        lines.append(f"organization: {scalar(wanted.organization)}")
    if wanted.role:
        lines.append(f"role: {scalar(wanted.role)}")
    if wanted.met:
        lines.append(f"met: {flow_mapping({'date': wanted.met, 'at': label})}")
    if wanted.links:
        lines.append("links:")
        lines += [f"  {k}: {scalar(v)}" for k, v in wanted.links.items()]
    lines.append("---")
    body = "".join(f"- {note}\n" for note in wanted.notes)
    return "\n".join(lines) + "\n" + (f"Imported from {label}:\n\n{body}" if body else "")


def _org_display(value: str | None, journal: Journal) -> str:
    if value is None:
        return ""
    org = journal.organizations.get(value)
    return fold(org.name if org else value)


_ALIAS = re.compile(r"^- Also known as: (.+)$", re.MULTILINE)
_OTHER = {"email": "Other e-mail", "phone": "Other phone", "linkedin": "Other link", "website": "Other link"}


def _link_key(kind: str, value: str) -> str:
    """A link in a comparable form: an address's case, a profile's spelling, a phone's spacing aside."""
    if kind == "email":
        return value.casefold()
    if kind == "phone":
        return "".join(ch for ch in value if ch.isdigit() or ch == "+")
    return normalize_url(value)


def _update_text(text: str, rel: str, wanted: _Wanted, journal: Journal, label: str) -> tuple[str, list[str]]:
    """The contact's text with what the import adds, and the changes in words."""
    said: list[str] = []
    fm = FrontMatter.parse(text, rel)
    links_node = fm.get("links")
    existing_links: dict[str, str] = {}
    if links_node is not None and hasattr(links_node[1], "value") and isinstance(links_node[1].value, list):
        existing_links = {k.value: getattr(v, "value", "") for k, v in links_node[1].value}
    notes = list(wanted.notes)
    for key, value in wanted.links.items():
        if key not in existing_links:
            text = set_nested(FrontMatter.parse(text, rel), "links", key, scalar(value))
            existing_links[key] = value
            said.append(f"links.{key} added")
        elif _link_key(key, existing_links[key]) != _link_key(key, value):
            # a second address for the same person (a new job's e-mail): kept, in the notes
            notes.append(as_text(f"{_OTHER.get(key, 'Other ' + key)}: {value}"))
    for key in ("organization", "role"):
        new = getattr(wanted, key)
        if not new:
            continue
        current = FrontMatter.parse(text, rel).get(key)
        old = current[1].value if current is not None and isinstance(current[1].value, str) else None
        if not old:
            text = set_top(FrontMatter.parse(text, rel), key, scalar(new))
            said.append(f"{key} added")
        elif (_org_display(old, journal) if key == "organization" else fold(old)) != (
            _org_display(new, journal) if key == "organization" else fold(new)
        ):
            text = set_top(FrontMatter.parse(text, rel), key, scalar(new))
            said.append(f"{key}: {old} → {new}")
    if wanted.met and FrontMatter.parse(text, rel).get("met") is None:
        text = set_top(FrontMatter.parse(text, rel), "met", flow_mapping({"date": wanted.met, "at": label}))
        said.append("met added")
    folded_text = " ".join(text.split())
    missing = [n for n in notes if " ".join(n.split()) not in folded_text]
    if missing:
        if not text.endswith("\n"):
            text += "\n"
        text += f"\nImported from {label}:\n\n" + "".join(f"- {n}\n" for n in missing)
        said.append(f"{len(missing)} note{'s' if len(missing) > 1 else ''} added")
    return text, said


def _update(
    slug: str, wanted: _Wanted, index: _Index, texts: dict[str, str], files: Workspace, journal: Journal, label: str
) -> tuple[str, str, str, list[str]] | None:
    """(path, current text, new text, changes) for ``wanted`` merged into ``slug``."""
    rel = index.rel[slug]
    current = texts.get(rel)
    if current is None:
        current = files.read_text(files.locate(rel))
    try:
        new, said = _update_text(current, rel, wanted, journal, label)
    except ValueError:
        return None
    return rel, current, new, said


def plan_import(
    journal: Journal,
    files: Workspace,
    people: list[Person],
    skipped: list[Skipped],
    label: str,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """What importing ``people`` would change (nothing is written here; files
    are read through ``files``, so the writer can tell if they change meanwhile)."""
    plan = ImportPlan(skipped=list(skipped))
    index = _Index(journal)
    org_by_name = {fold(o.name): slug for slug, o in journal.organizations.items()}
    org_by_name.update({slug: slug for slug in journal.organizations})
    texts: dict[str, str] = {}
    named: set[str] = set()  # contacts matched by name in this import
    seen: dict[str, str] = {}  # file -> the name of the first row of this import that reached it
    original: dict[str, str] = {}  # an existing contact's file -> its text before this import
    for done, person in enumerate(people):
        if progress is not None:
            progress(done, len(people))
        wanted = _wanted(person, org_by_name, label)
        slug = index.match(wanted)
        named_as: str | None = wanted.name  # the name the file will know the person by, if any
        if slug is not None and index.rel[slug] not in seen:
            named_as = None  # a first match by address keeps the contact's own name
        elif slug is not None and fold(seen[index.rel[slug]]) != fold(wanted.name):
            # the same person as an earlier row, under another name: kept, as an alias
            wanted.notes.insert(0, as_text(f"Also known as: {wanted.name}"))
        outcome = None
        if slug is not None:
            outcome = _update(slug, wanted, index, texts, files, journal, label)
        else:
            # Two rows with one name and nothing else in common: the first
            # row takes the first contact of that name, the next row the next
            # one (or a new one), unless it says nothing new (a duplicate row).
            for candidate in index.same_name(wanted):
                result = _update(candidate, wanted, index, texts, files, journal, label)
                if candidate not in named or (result is not None and result[1] == result[2]):
                    slug, outcome = candidate, result
                    break
        if slug is None:
            # a name of symbols alone (an emoji) names the file by its e-mail, phone, or "contact"
            base = short_slug(slugify(wanted.name) or slugify(_fallback_name(wanted)) or "contact")
            slug = unique_slug(base, index.taken)
            rel = files.locate(f"journal/contacts/{slug}.md")
            texts[rel] = _new_text(wanted, label)
            plan.created[rel] = texts[rel]
            index.add(slug, rel, wanted.name, wanted.links)
            named.add(slug)
            seen[rel] = wanted.name
            continue
        named.add(slug)
        if outcome is None:
            plan.skipped.append(Skipped(person.where, f"{index.rel[slug]}: its front matter cannot be edited"))
            continue
        rel, current, new, said = outcome
        if rel in seen:
            plan.merged += 1  # the same person as an earlier row: counted once, by that row
        else:
            seen[rel] = wanted.name
            original.setdefault(rel, current)
        if new == current:
            continue
        texts[rel] = new
        index.add(slug, rel, named_as, wanted.links)
        if rel in plan.created:
            plan.created[rel] = new
        else:
            plan.changes.setdefault(rel, []).extend(said)
    # Each file an existing contact has is updated or unchanged by what all
    # its rows did together (two rows may change a role and change it back).
    for rel, before in original.items():
        if texts.get(rel, before) != before:
            plan.updated[rel] = texts[rel]
        else:
            plan.unchanged += 1
            plan.changes.pop(rel, None)
    return plan


def _fallback_name(wanted: _Wanted) -> str:
    """What names a person whose name makes no file name: their e-mail's
    local part, or their phone number."""
    if "email" in wanted.links:
        return wanted.links["email"].split("@", 1)[0]
    return wanted.links.get("phone", "")
