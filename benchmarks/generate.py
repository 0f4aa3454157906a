"""Generate a synthetic journal of career size, reproducibly (fixed seed).

    python -m benchmarks.generate OUT_DIR [--people 10000] [--events 10000] [--reflections 10000] [--seed 1]

The journal is realistic in shape: contacts with logs, links and cadences,
names in several scripts; events with people and organizations; reflections
with people, events, ``[[links]]`` and tasks; a plan with every kind of goal.
The same arguments always write the same bytes.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

GIVEN = {
    "latin": ["Siti", "Budi", "Ana", "Rizky", "Maria", "Dewi", "Agus", "Putri", "Joko", "Lena", "Tom", "Ines"],
    "han": ["王", "李", "张", "刘", "陈", "杨"],
    "cyrillic": ["Ольга", "Иван", "Мария", "Пётр", "Анна"],
    "devanagari": ["प्रिया", "राहुल", "अनीता", "विक्रम"],
    "arabic": ["ليلى", "أحمد", "فاطمة", "يوسف"],
    "hangul": ["민준", "서연", "지호", "하은"],
}
FAMILY = {
    "latin": ["Rahayu", "Santoso", "Lima", "Pratama", "González", "Kartika", "Wijaya", "Nguyễn", "Schmidt", "Okafor"],
    "han": ["磊", "伟", "芳", "娜", "敏", "静"],
    "cyrillic": ["Иванова", "Петров", "Смирнова", "Кузнецов"],
    "devanagari": ["शर्मा", "वर्मा", "गुप्ता", "सिंह"],
    "arabic": ["حداد", "منصور", "خليل", "سالم"],
    "hangul": ["김", "이", "박", "최"],
}
ROMAN = ["siti", "budi", "ana", "rizky", "maria", "dewi", "wang", "li", "olga", "priya", "layla", "minjun", "lan"]
TOPICS = ["ux-research", "careers", "data", "research-ops", "design", "product", "mentoring", "hiring", "ai", "fintech"]
RELATIONSHIPS = ["mentor", "role-model", "peer", "peer", "peer", "recruiter", "colleague", "other"]
CHANNELS = ["email", "linkedin", "twitter", "zoom", "call", "chat", "in-person", "other"]
EVENT_KINDS = ["webinar", "job-fair", "zoom-meeting", "conference", "mixer", "meetup", "other"]
STATUSES = ["attended", "attended", "attended", "skipped", "registered", "planned", "cancelled"]
PLATFORMS = ["Zoom", "EventBrite", "Slack", "Yammer", "Instagram Live", "Google Meet"]
NOTES = [
    "Asked how they moved into research; they suggested starting with a small internal study.",
    "Talked about hiring loops and what a good portfolio shows.",
    "Shared the article on research repositories; promised feedback on my case study.",
    "They asked about my analytics background; common ground: survey design.",
    "Quick check-in; congratulated them on the new role.",
]

PLAN = """\
owner: Synthetic Owner
timezone: Asia/Jakarta
time_budget: 3h/week
after_event_days: 2
goals:
  - {title: Talk to people, count: people, target: 8}
  - {title: Reach out first, count: outreach, target: 6}
  - {title: Meet new people, count: new-contacts, target: 3}
  - {title: Attend events, count: events, target: 2}
  - {title: Attend webinars, count: events, kinds: [webinar, conference], target: 1}
  - {title: Variety, count: engagement-kinds, target: 3, per: quarter}
  - {title: Time on networking, count: hours, target: 12}
  - {title: Learn about employers, organizations: [org-0, org-1, org-2], per: quarter}
  - {title: Discuss research operations, topic: research-ops, per: quarter}
"""


def _name(rng: random.Random) -> str:
    script = rng.choice(list(GIVEN))
    given, family = rng.choice(GIVEN[script]), rng.choice(FAMILY[script])
    if script in ("han", "hangul"):
        return family + given if script == "han" else family + " " + given
    return f"{given} {family}"


def _day(rng: random.Random, start: date, span: int) -> date:
    return start + timedelta(days=rng.randrange(span))


def generate(out: Path, people: int, events: int, reflections: int, organizations: int, seed: int) -> None:
    """Write a journal of the given size under ``out/journal``."""
    rng = random.Random(seed)
    journal = out / "journal"
    for sub in ("contacts", "organizations", "events", "reflections"):
        (journal / sub).mkdir(parents=True, exist_ok=True)
    (journal / "plan.yml").write_text(PLAN, encoding="utf-8")
    (journal / "sources.yml").write_text(
        "".join(
            f"- name: Source {i}\n  kind: {rng.choice(['blog', 'forum', 'mailing-list', 'social'])}\n"
            f"  url: https://example.org/source-{i}\n  topics: [{rng.choice(TOPICS)}]\n"
            for i in range(50)
        ),
        encoding="utf-8",
    )
    start = date(2016, 1, 1)
    span = (date(2026, 12, 31) - start).days

    org_slugs = [f"org-{i}" for i in range(organizations)]
    for slug in org_slugs:
        (journal / "organizations" / f"{slug}.md").write_text(
            f"---\nname: Organization {slug[4:]}\nkind: {rng.choice(['company', 'association', 'community'])}\n"
            f"website: https://example.org/{slug}\ntopics: [{rng.choice(TOPICS)}]\n"
            f"researched: {_day(rng, start, span)}\n---\nWhat they do, who works there, open roles.\n",
            encoding="utf-8",
        )

    contact_slugs = [f"{rng.choice(ROMAN)}-{i}" for i in range(people)]
    event_slugs = []
    for i in range(events):
        day = _day(rng, start, span)
        event_slugs.append(f"{day}-event-{i}")

    for slug in contact_slugs:
        log_lines = []
        for _ in range(rng.choice([0, 1, 2, 3, 5, 8])):
            log_lines.append(
                f"  - {{date: {_day(rng, start, span)}, channel: {rng.choice(CHANNELS)}, "
                f"by: {rng.choice(['me', 'them'])}, minutes: {rng.choice([10, 20, 30, 45, 60])}, "
                f"note: {rng.choice(NOTES)!r}}}"
            )
        met_at = rng.choice(event_slugs) if event_slugs and rng.random() < 0.5 else "LinkedIn"
        lines = [
            "---",
            f"name: {_name(rng)}",
            f"organization: {rng.choice(org_slugs)}" if org_slugs else "organization: Freelance",
            f"role: {rng.choice(['UX Researcher', 'Data Analyst', 'Designer', 'Recruiter', 'Product Manager'])}",
            f"relationship: {rng.choice(RELATIONSHIPS)}",
            f"topics: [{rng.choice(TOPICS)}, {rng.choice(TOPICS)}]",
            f"met: {{date: {_day(rng, start, span)}, at: {met_at}}}",
            "links:",
            f"  email: {slug}@example.org",
            f"  linkedin: https://www.linkedin.com/in/{slug}",
            f"keep_in_touch: {rng.choice(['30d', '6w', '3m', '6m', '1y'])}",
            f"private: {str(rng.random() < 0.05).lower()}",
        ]
        if log_lines:
            lines.append("log:")
            lines.extend(log_lines)
        lines += ["---", "Common ground: " + rng.choice(NOTES), ""]
        (journal / "contacts" / f"{slug}.md").write_text("\n".join(lines), encoding="utf-8")

    for slug in event_slugs:
        who = rng.sample(contact_slugs, k=min(len(contact_slugs), rng.choice([0, 1, 2, 3])))
        orgs = rng.sample(org_slugs, k=min(len(org_slugs), rng.choice([0, 1])))
        (journal / "events" / f"{slug}.md").write_text(
            f"---\ntitle: Event {slug}\nkind: {rng.choice(EVENT_KINDS)}\nplatform: {rng.choice(PLATFORMS)}\n"
            f"start: {slug[:10]} {rng.randrange(8, 21):02d}:00\nduration: {rng.choice(['45m', '1h', '90m', '2h'])}\n"
            f"url: https://example.org/events/{slug}\nstatus: {rng.choice(STATUSES)}\n"
            f"organizations: [{', '.join(orgs)}]\npeople: [{', '.join(who)}]\n---\nAgenda and notes.\n",
            encoding="utf-8",
        )

    for i in range(reflections):
        day = _day(rng, start, span)
        who = rng.sample(contact_slugs, k=min(len(contact_slugs), 2))
        ev = rng.sample(event_slugs, k=min(len(event_slugs), 1))
        body = [
            "## What I learned",
            "",
            f"Listening to [[{who[0]}]] about {rng.choice(TOPICS)}: {rng.choice(NOTES)}" if who else "Notes.",
            "",
            "## Next steps",
            "",
            f"- [ ] Follow up with [[{who[-1]}]] due:{day + timedelta(days=rng.randrange(1, 30))}" if who else "",
            "- [x] Send thank-you note",
            "",
        ]
        (journal / "reflections" / f"{day}-reflection-{i}.md").write_text(
            f"---\ndate: {day}\ntitle: Reflection {i}\npeople: [{', '.join(who)}]\nevents: [{', '.join(ev)}]\n"
            f"topics: [{rng.choice(TOPICS)}]\n---\n" + "\n".join(body),
            encoding="utf-8",
        )


def main() -> None:
    """Command line of the generator."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("out", type=Path)
    ap.add_argument("--people", type=int, default=10_000)
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--reflections", type=int, default=10_000)
    ap.add_argument("--organizations", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    generate(args.out, args.people, args.events, args.reflections, args.organizations, args.seed)


if __name__ == "__main__":
    main()
