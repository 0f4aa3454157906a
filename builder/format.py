"""The journal format: every file kind, every key, its type and meaning.

This module is the reference for what a journal may contain;
``builder/reference/format.md`` (``journal help format``) documents the
same keys for people (a test keeps the two in step).  Shapes and types only: rules that relate values to each
other or to other entries live in ``builder.validate``.
"""

from __future__ import annotations

from builder import values as v
from builder.model import ACTION_MINUTES, QUIET_AFTER
from builder.schema import Bool, Enum, Field, Int, List, Map, Scalar, Text

RELATIONSHIPS = ("mentor", "role-model", "peer", "recruiter", "colleague", "other")
CHANNELS = ("email", "linkedin", "twitter", "zoom", "call", "chat", "in-person", "other")
BY = ("me", "them")
ORGANIZATION_KINDS = ("company", "association", "community", "campaign", "university", "other")
EVENT_KINDS = ("webinar", "job-fair", "zoom-meeting", "conference", "mixer", "meetup", "other")
EVENT_STATUSES = ("planned", "registered", "attended", "skipped", "cancelled")
SOURCE_KINDS = ("blog", "forum", "mailing-list", "newsletter", "social", "podcast", "event-platform", "other")
GOAL_COUNTS = ("people", "outreach", "new-contacts", "events", "engagement-kinds", "hours")
GOAL_PERIODS = ("week", "month", "quarter", "year")
LINK_KEYS = ("email", "linkedin", "twitter", "website", "phone")

# The folders of journal/ that hold one Markdown entry per file, in the order
# they are loaded and listed.
ENTRY_FOLDERS = ("contacts", "organizations", "events", "reflections")

DATE = Scalar("a date", v.parse_date)
WHEN = Scalar("a date or date-time", v.parse_date_or_datetime)
DURATION = Scalar("a duration", v.parse_duration)
CADENCE = Scalar("a cadence", v.parse_cadence)
BUDGET = Scalar("a time budget", v.parse_budget)
TIMEZONE = Scalar("a timezone", v.parse_timezone)
QUIET = Scalar("a cadence or never", v.parse_cadence_or_never)
URL = Scalar("a web address", v.parse_url)
SLUG = Text("a slug")
TOPICS = Field(List(Text("a topic")), "subjects, e.g. [ux-research, careers]")
PRIVATE = Field(Bool(), "true keeps the entry out of every public build, whatever else it says")
PUBLIC = Field(Bool(), "true publishes the entry in the public build (default: not published)")
# What a public contact may show beyond name, organization, role and topics.
CONTACT_PUBLIC_FIELDS = (
    "relationship",
    "met",
    "links",
    "links.email",
    "links.linkedin",
    "links.twitter",
    "links.website",
    "links.phone",
    "keep_in_touch",
    "notes",
    "log",
)

LINKS = Map(
    "links",
    {
        "email": Field(Scalar("an e-mail address", v.parse_email), "e-mail address"),
        "linkedin": Field(URL, "LinkedIn profile address"),
        "twitter": Field(Scalar("a handle or address", v.parse_handle_or_url), "@handle or profile address"),
        "website": Field(URL, "personal site"),
        "phone": Field(Scalar("a phone number", v.parse_phone), "phone number"),
    },
    extra=URL,  # any other key (github, mastodon...) holds an http(s) address
    extra_key=v.parse_link_key,
)

INTERACTION = Map(
    "log entry",
    {
        "date": Field(DATE, "when it happened", required=True),
        "channel": Field(Enum("channel", CHANNELS), "how: " + ", ".join(CHANNELS), required=True),
        "by": Field(Enum("initiator", BY), "who reached out: me (default) or them"),
        "minutes": Field(Scalar("a length of time", v.parse_minutes), "time it took: 45, 45m, 1h30m"),
        "note": Field(Text(), "what you talked about, learned and asked"),
    },
    record=True,
)

CONTACT = Map(
    "contact",
    {
        "name": Field(Text("a name"), "full name, in any script", required=True),
        "organization": Field(Text(), "an organization slug, or free text"),
        "role": Field(Text(), "job title"),
        "relationship": Field(Enum("relationship", RELATIONSHIPS), "one of: " + ", ".join(RELATIONSHIPS)),
        "topics": TOPICS,
        "met": Field(
            Map(
                "met",
                {
                    "date": Field(DATE, "when you first met"),
                    "at": Field(Text(), "an event slug, or free text such as 'Jakarta UX meetup'"),
                },
            ),
            "when and where you first met",
        ),
        "links": Field(LINKS, "email, linkedin, twitter, website, phone, or any other key with an address"),
        "keep_in_touch": Field(CADENCE, "how often to get in touch: 30d, 6w, 3m, 1y"),
        "log": Field(List(INTERACTION), "interactions, one per item"),
        "snooze_until": Field(DATE, "no reminders about this person until this day (journal snooze)"),
        "snooze_reason": Field(Text(), "why they are snoozed, e.g. 'on parental leave'"),
        "private": PRIVATE,
        "public": PUBLIC,
        "public_fields": Field(
            List(Enum("public field", CONTACT_PUBLIC_FIELDS)),
            "what a public contact shows besides name, organization, role and topics",
        ),
    },
)

ORGANIZATION = Map(
    "organization",
    {
        "name": Field(Text("a name"), "the organization's name", required=True),
        "kind": Field(Enum("organization kind", ORGANIZATION_KINDS), "one of: " + ", ".join(ORGANIZATION_KINDS)),
        "website": Field(URL, "its site"),
        "topics": TOPICS,
        "researched": Field(DATE, "when you last researched it"),
        "private": PRIVATE,
        "public": PUBLIC,
    },
)

EVENT = Map(
    "event",
    {
        "title": Field(Text("a title"), "the event's title", required=True),
        "kind": Field(Enum("event kind", EVENT_KINDS), "one of: " + ", ".join(EVENT_KINDS)),
        "platform": Field(Text(), "where it happens: Zoom, EventBrite, Slack, Instagram Live..."),
        "start": Field(WHEN, "date, or date-time (the plan's timezone unless an offset is given)"),
        "end": Field(WHEN, "date or date-time it ends"),
        "duration": Field(DURATION, "length, e.g. 90m or 1h30m (instead of end)"),
        "url": Field(URL, "registration or event page"),
        "status": Field(Enum("status", EVENT_STATUSES), "one of: " + ", ".join(EVENT_STATUSES) + " (default planned)"),
        "organizations": Field(List(SLUG), "organization slugs"),
        "people": Field(List(SLUG), "contact slugs of people met there"),
        "topics": TOPICS,
        "uid": Field(Text("an invitation's UID"), "the UID of the invitation it came from (journal import ics)"),
        "sequence": Field(
            Int(0),
            "the SEQUENCE of the invitation that last changed it (journal import ics): an older one changes nothing",
        ),
        "private": PRIVATE,
        "public": PUBLIC,
    },
)

REFLECTION = Map(
    "reflection",
    {
        "date": Field(DATE, "when you wrote it", required=True),
        "title": Field(Text("a title"), "a headline"),
        "people": Field(List(SLUG), "contact slugs it is about"),
        "events": Field(List(SLUG), "event slugs it is about"),
        "topics": TOPICS,
        "private": PRIVATE,
        "public": PUBLIC,
    },
)

GOAL = Map(
    "goal",
    {
        "title": Field(Text("a title"), "what you aim for, in your words", required=True),
        "count": Field(Enum("goal count", GOAL_COUNTS), "what to count: " + ", ".join(GOAL_COUNTS)),
        "target": Field(Int(1), "how many per period"),
        "kinds": Field(List(Enum("event kind", EVENT_KINDS)), "only events of these kinds"),
        "organizations": Field(List(SLUG), "organizations to learn more about"),
        "topic": Field(Text(), "a topic to find someone to discuss"),
        "per": Field(Enum("period", GOAL_PERIODS), "week, month (default), quarter or year"),
    },
    record=True,
)


def _quiet_default(relationship: str) -> str:
    value = QUIET_AFTER[relationship]
    return "never" if value is None else str(value)


PLAN = Map(
    "plan",
    {
        "owner": Field(Text("a name"), "your name"),
        "timezone": Field(TIMEZONE, "IANA timezone name, e.g. Asia/Jakarta"),
        "time_budget": Field(BUDGET, "time for networking, e.g. 3h/week"),
        "after_event_days": Field(Int(0, 365), "days after an event to follow up (default 2)"),
        "goals": Field(List(GOAL), "goals for each period"),
        "quiet_after": Field(
            Map(
                "quiet_after",
                {rel: Field(QUIET, f"default {_quiet_default(rel)}") for rel in RELATIONSHIPS},
            ),
            "per relationship, how long without contact makes someone without keep_in_touch quiet (3m, 1y, never)",
        ),
        "reply_after": Field(CADENCE, "a message of yours unanswered this long awaits a reply (default 7d)"),
        "after_event_window": Field(
            CADENCE, "an after-event follow-up this long overdue is missed and leaves the list (default 14d)"
        ),
        "action_minutes": Field(
            Map("action_minutes", {k: Field(Int(0, 24 * 60), f"default {m}") for k, m in ACTION_MINUTES.items()}),
            "minutes each kind of action takes in the weekly plan: message, call, mark-event, research",
        ),
    },
)

SOURCE = Map(
    "source",
    {
        "name": Field(Text("a name"), "what you follow", required=True),
        "kind": Field(Enum("source kind", SOURCE_KINDS), "one of: " + ", ".join(SOURCE_KINDS)),
        "url": Field(URL, "where to find it"),
        "topics": TOPICS,
        "note": Field(Text(), "why you follow it"),
    },
    record=True,
)

SOURCES = List(SOURCE)

ENTRY_SCHEMAS = {
    "contacts": CONTACT,
    "organizations": ORGANIZATION,
    "events": EVENT,
    "reflections": REFLECTION,
}

# What each folder's entries are called on the command line (journal new KIND),
# and the key that names an entry of that folder.
ENTRY_KINDS = {"contact": "contacts", "organization": "organizations", "event": "events", "reflection": "reflections"}
TITLE_KEYS = {"contacts": "name", "organizations": "name", "events": "title", "reflections": "title"}
