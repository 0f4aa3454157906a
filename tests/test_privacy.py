"""A public build shows only what the owner chose to publish, in every file."""

from __future__ import annotations

import gzip
import html
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.check import check
from builder.privacy import public_view
from tests.conftest import REPO, write_journal

PLAN = """\
owner: Owner
timezone: UTC
time_budget: 3h/week
goals:
  - {title: Talk to people, count: people, target: 3}
  - {title: Learn about employers, organizations: [public-org, secretorg-mark12zq]}
  - {title: Try kinds of event, count: engagement-kinds, target: 2}
"""

# Every private place gets a marker of its own: Mark01zq, Mark02zq, ...
FILES = {
    # a private contact: everything about it is private
    "contacts/secretslug-mark01zq.md": (
        "---\nname: Privatename Mark02zq\norganization: Freetext Mark03zq\nrole: Role Mark04zq\ntopics: [topic-mark05zq]\n"
        "public: false\nprivate: true\nlog:\n  - {date: 2026-03-01, channel: email, note: Lognote Mark06zq}\n---\nBody Mark07zq\n"
    ),
    # a contact with no public flag: not published
    "contacts/quietslug-mark08zq.md": "---\nname: Quietname Mark09zq\nrole: Quietrole Mark10zq\n---\nQuiet body Mark11zq\n",
    # a public contact: name, organization, role, topics only
    "contacts/pub.md": (
        "---\nname: Public Person\norganization: public-org\nrole: Public Role\ntopics: [shared-topic]\npublic: true\n"
        "relationship: mentor\nmet: {date: 2026-01-02, at: Meetplace Mark13zq}\n"
        "links: {email: mark14zq@example.org, phone: '+62 1414 1414', linkedin: 'https://example.org/mark15zq', github: 'https://example.org/mark16zq'}\n"
        "keep_in_touch: 6w\n"
        "log:\n  - {date: 2026-03-02, channel: zoom, by: me, minutes: 30, note: Lognote Mark17zq}\n"
        "---\nPublic person's private notes Mark18zq\n\n- [ ] Task Mark19zq due:2026-03-20\n"
    ),
    # a public contact that also publishes its LinkedIn and notes; the log's notes stay private
    "contacts/open.md": (
        "---\nname: Open Person\npublic: true\npublic_fields: [links.linkedin, notes, log]\n"
        "links: {linkedin: 'https://example.org/openlinkedin', email: mark20zq@example.org}\n"
        "log:\n  - {date: 2026-03-03, channel: linkedin, note: Lognote Mark21zq}\n---\nOpen notes are public.\n"
    ),
    "organizations/public-org.md": "---\nname: Public Org\npublic: true\n---\nPublic org notes.\n",
    "organizations/secretorg-mark12zq.md": "---\nname: Secret Org Mark22zq\nprivate: true\ntopics: [topic-mark23zq]\n---\nOrg body Mark24zq\n",
    "organizations/plainorg.md": "---\nname: Plainorg Mark25zq\nwebsite: https://example.org/mark26zq\n---\nPlain org body Mark27zq\n",
    "events/2026-03-01-public-event.md": (
        "---\ntitle: Public Event\npublic: true\nstart: 2026-03-01\nstatus: attended\n"
        "people: [pub, quietslug-mark08zq, secretslug-mark01zq]\norganizations: [public-org, secretorg-mark12zq]\n---\n"
        "Public event notes; we met [[quietslug-mark08zq]] and [[secretslug-mark01zq|her]].\n"
    ),
    # a public contact that works at an unpublished (not private) organization and met at a private event
    "contacts/worker.md": (
        "---\nname: Worker Person\norganization: hiddenorg-mark37zq\npublic: true\npublic_fields: [met]\n"
        "met: {date: 2026-03-05, at: 2026-03-05-private-event}\n---\n"
    ),
    "organizations/hiddenorg-mark37zq.md": "---\nname: Hidden Org Mark38zq\n---\n",
    "events/2026-03-05-private-event.md": (
        "---\ntitle: Private Event Mark29zq\nprivate: true\nkind: job-fair\nstart: 2026-03-05\nurl: https://example.org/mark30zq\n"
        "platform: Platform Mark31zq\nstatus: attended\npeople: [pub]\n---\nEvent body Mark32zq\n"
    ),
    "events/2026-03-06-plain-event.md": (
        "---\ntitle: Plain Event Mark33zq\nkind: mixer\nstart: 2026-03-06\nstatus: attended\n---\n"
    ),
    "reflections/2026-03-02-public.md": (
        "---\ndate: 2026-03-02\ntitle: Public Reflection\npublic: true\npeople: [pub, quietslug-mark08zq]\n"
        "events: [2026-03-05-private-event]\n---\nWhat I learned, publicly.\n"
    ),
    "reflections/2026-03-03-private.md": "---\ndate: 2026-03-03\ntitle: Reflection Mark34zq\n---\nReflection body Mark35zq\n",
    "sources.yml": "- {name: Public Source, kind: blog, url: 'https://example.org/source'}\n",
}
MARKERS = [f"mark{n:02d}zq" for n in range(1, 39) if n != 28]  # 36: a commit message
# What unpublished entries are called and of what kind: never in a public file either.
UNPUBLISHED = ["2026-03-05-private-event", "2026-03-06-plain-event", "plainorg", "job-fair", "mixer"]
TODAY = "2026-03-10"


def _files_text(site: Path) -> dict[str, str]:
    out = {}
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            # entities decoded, so that a leak cannot hide behind &#77;
            out[str(path.relative_to(site))] = html.unescape(data.decode("utf-8", "replace")).lower()
    return out


def _build(root: Path, site: Path, *flags: str) -> dict[str, str]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "builder",
            "build",
            "--root",
            str(root),
            "--today",
            TODAY,
            "--site-dir",
            str(site),
            *flags,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return _files_text(site)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, str]]:
    root = tmp_path_factory.mktemp("journal")
    write_journal(root, FILES, plan=PLAN)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    # in git, so the history page has commits (with a private message) to show
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "o",
        "GIT_AUTHOR_EMAIL": "o@example.org",
        "GIT_COMMITTER_NAME": "o",
        "GIT_COMMITTER_EMAIL": "o@example.org",
        "GIT_AUTHOR_DATE": "2026-03-01T10:00:00Z",
        "GIT_COMMITTER_DATE": "2026-03-01T10:00:00Z",
    }
    # the plan first names public-org only, then gains organizations that are not published
    (root / "journal" / "plan.yml").write_text(PLAN.replace("public-org, secretorg-mark12zq", "public-org"), "utf-8")
    for command in (["init", "-q", "-b", "main"], ["add", "journal"], ["commit", "-q", "-m", "Met Quietname Mark36zq"]):
        subprocess.run(["git", "-C", str(root), *command], env=env, check=True, capture_output=True)
    (root / "journal" / "plan.yml").write_text(PLAN, "utf-8")
    for command in (["add", "journal"], ["commit", "-q", "-m", "More employers"]):
        subprocess.run(["git", "-C", str(root), *command], env=env, check=True, capture_output=True)
    public = _build(root, tmp_path_factory.mktemp("public"), "--public")
    full = _build(root, tmp_path_factory.mktemp("full"))
    return public, full


def test_no_private_marker_in_any_public_file(sites: tuple[dict[str, str], dict[str, str]]) -> None:
    public, _ = sites
    assert "search/search_index.json" in public and "sitemap.xml" in public and "404.html" in public
    leaks = {m: sorted(f for f, text in public.items() if m in text) for m in MARKERS + UNPUBLISHED}
    assert {m: files for m, files in leaks.items() if files} == {}


def test_the_full_build_has_every_marker(sites: tuple[dict[str, str], dict[str, str]]) -> None:
    _, full = sites
    everything = "\n".join(full.values())
    assert [m for m in MARKERS + UNPUBLISHED if m not in everything] == []


def test_what_the_public_build_shows(sites: tuple[dict[str, str], dict[str, str]]) -> None:
    public, _ = sites
    person = public["people/pub/index.html"]
    assert "public person" in person and "public role" in person and "shared-topic" in person
    assert "public org" in person
    opened = public["people/open/index.html"]
    assert "https://example.org/openlinkedin" in opened and "open notes are public." in opened
    assert "linkedin" in opened  # the channel of the published log, without its note
    event = public["events/2026-03-01-public-event/index.html"]
    assert "public person" in event and "(not published)" in event and "we met (not published) and her." in event
    assert "public reflection" in public["reflections/2026-03-02-public/index.html"]
    assert "public source" in public["sources/index.html"]
    dashboard = public["index.html"]
    assert "talk to people" in dashboard and "follow-ups" not in dashboard.split("<article")[1].split("</article>")[0]
    assert "not published" in public["followups/index.html"]
    # goals are counted on the whole journal: four people were met or talked to in March
    assert "4 of 3" in dashboard


def test_public_view_keeps_only_published_entries(tmp_path: Path) -> None:
    write_journal(tmp_path, FILES, plan=PLAN)
    journal, diagnostics = check(tmp_path)
    assert not diagnostics, diagnostics
    view = public_view(journal)
    assert list(view.contacts) == ["open", "pub", "worker"]
    worker = view.contacts["worker"]
    assert worker.organization is None and worker.met is not None and worker.met.at is None
    assert list(view.organizations) == ["public-org"]
    assert list(view.events) == ["2026-03-01-public-event"]
    assert view.events["2026-03-01-public-event"].people == ("pub",)
    assert view.events["2026-03-01-public-event"].organizations == ("public-org",)
    assert view.reflections["2026-03-02-public"].events == ()
    pub = view.contacts["pub"]
    assert (pub.links, pub.log, pub.body, pub.met, pub.relationship, pub.tasks) == ({}, (), "", None, None, ())
    opened = view.contacts["open"]
    assert dict(opened.links) == {"linkedin": "https://example.org/openlinkedin"}
    assert [i.note for i in opened.log] == [None]


def test_public_and_private_together_is_an_error(tmp_path: Path) -> None:
    write_journal(tmp_path, {"contacts/a.md": "---\nname: A\npublic: true\nprivate: true\n---\n"})
    (d,) = check(tmp_path)[1]
    assert (d.loc.line, d.severity.value) == (3, "error") and "both public and private" in d.message


def test_public_setting_in_mkdocs_yml(tmp_path: Path) -> None:
    write_journal(tmp_path, FILES, plan=PLAN)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8") + "\nextra:\n  journal:\n    public: true\n"
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    public = _build(tmp_path, tmp_path / "site-public")
    assert "people/pub/index.html" in public and not [f for f in public if "quietslug" in f]
    full = _build(tmp_path, tmp_path / "site-full", "--full")
    assert "people/quietslug-mark08zq/index.html" in full


def test_a_public_build_beside_a_full_one_stays_public(tmp_path: Path) -> None:
    """Builds share the generated docs folder: they take turns (build/site.lock)."""
    write_journal(tmp_path, FILES, plan=PLAN)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")

    def start(site: str, *flags: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "builder",
                "build",
                "--root",
                str(tmp_path),
                "--today",
                TODAY,
                "--site-dir",
                str(tmp_path / site),
                *flags,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    for _ in range(2):
        runs = [start("full-site", "--full"), start("public-site", "--public"), start("full-site", "--full")]
        for run in runs:
            out, err = run.communicate(timeout=300)
            assert run.returncode == 0, out + err
        public = _files_text(tmp_path / "public-site")
        leaks = {m: sorted(f for f, text in public.items() if m in text) for m in MARKERS + UNPUBLISHED}
        assert {m: files for m, files in leaks.items() if files} == {}
        full = _files_text(tmp_path / "full-site")
        assert "people/quietslug-mark08zq/index.html" in full and "people/pub/index.html" in full
        assert not list(tmp_path.glob(".*.building")) and not list(tmp_path.glob(".*.old"))
