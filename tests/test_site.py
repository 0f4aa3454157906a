"""The whole pipeline as a user runs it: journal build (MkDocs, strict), serve-less."""

from __future__ import annotations

import filecmp
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TODAY = "2026-11-27"


def journal(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *args], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )


def _same_tree(a: Path, b: Path) -> bool:
    cmp = filecmp.dircmp(a, b)
    stack = [cmp]
    while stack:
        c = stack.pop()
        if c.left_only or c.right_only or c.funny_files:
            return False
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        if mismatch or errors:
            return False
        stack.extend(c.subdirs.values())
    return True


def test_example_builds_strict_with_expected_pages(example: Path) -> None:
    result = journal("build", "--root", str(example), "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    site = example / "site"
    dashboard = (site / "index.html").read_text(encoding="utf-8")
    assert "Dashboard" in dashboard and 'role="progressbar"' in dashboard
    assert "9 of 6" in dashboard  # nine people talked to in November, target six
    siti = (site / "people" / "siti-rahayu" / "index.html").read_text(encoding="utf-8")
    assert "Head of UX Research" in siti and "ResearchOps 101" in siti
    assert 'type="checkbox"' in siti
    for page in ("goals", "followups", "people", "organizations", "events", "reflections", "topics", "sources"):
        assert (site / page / "index.html").is_file(), page
    assert (site / "organizations" / "lumen-health" / "index.html").is_file()
    assert (site / "events" / "2026-12-02-researchops-recruiting-webinar" / "index.html").is_file()
    assert (site / "reflections" / "2026-06-19-researchops-webinar-notes" / "index.html").is_file()
    assert (site / "topics" / "research-operations" / "index.html").is_file()
    # the navigation lists sections, never entries
    links = re.findall(r'<a href="([^"]+)" class="md-nav__link', dashboard)
    assert "people/" in links and not [link for link in links if "siti-rahayu" in link]


def test_same_journal_same_today_same_bytes(example: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert journal("build", "--root", str(example), "--today", TODAY, "--site-dir", str(one)).returncode == 0
    shutil.rmtree(example / "build")  # regenerate from scratch, too
    assert journal("build", "--root", str(example), "--today", TODAY, "--site-dir", str(two)).returncode == 0
    assert _same_tree(one, two)
    three = tmp_path / "three"
    assert journal("build", "--root", str(example), "--today", "2026-11-28", "--site-dir", str(three)).returncode == 0
    assert not _same_tree(one, three)


def test_today_from_the_environment(example: Path) -> None:
    env = {**dict(__import__("os").environ), "JOURNAL_TODAY": "2026-06-01"}
    result = journal("goals", "--root", str(example), "--json", env=env)
    assert result.returncode == 0
    assert {item["period"] for item in json.loads(result.stdout)} == {"2026-06", "2026-Q2"}
    bad = journal("goals", "--root", str(example), env={**env, "JOURNAL_TODAY": "June"})
    assert bad.returncode != 0 and "JOURNAL_TODAY" in bad.stderr


def test_errors_leave_the_previous_site(example: Path) -> None:
    assert journal("build", "--root", str(example), "--today", TODAY).returncode == 0
    before = (example / "site" / "index.html").read_bytes()
    page = example / "build" / "docs" / "index.md"
    page_before = page.read_bytes()
    (example / "journal" / "contacts" / "broken.md").write_text("---\nname: [\n---\n", encoding="utf-8")
    result = journal("build", "--root", str(example), "--today", "2026-11-28")
    assert result.returncode == 1
    assert result.stdout.startswith(
        "journal/contacts/broken.md:2:7: error: the list opened with '[' here is never closed"
    )
    assert (example / "site" / "index.html").read_bytes() == before
    assert page.read_bytes() == page_before


def test_only_changed_pages_are_rewritten_and_stale_ones_removed(example: Path) -> None:
    extra = example / "journal" / "reflections" / "2026-11-26-extra.md"
    extra.write_text("---\ndate: 2026-11-26\ntitle: Extra\n---\nA thought.\n", encoding="utf-8")
    assert journal("build", "--root", str(example), "--today", TODAY).returncode == 0
    docs = example / "build" / "docs"
    assert (docs / "reflections" / "2026-11-26-extra.md").is_file()
    stamp = (docs / "people" / "wang-lei.md").stat().st_mtime_ns
    extra.unlink()
    result = journal("build", "--root", str(example), "--today", TODAY)
    assert result.returncode == 0, result.stdout
    assert not (docs / "reflections" / "2026-11-26-extra.md").exists()
    assert (docs / "people" / "wang-lei.md").stat().st_mtime_ns == stamp
    assert "1 removed" in result.stderr


def test_refuses_to_clean_a_folder_it_did_not_write(example: Path) -> None:
    config = (example / "mkdocs.yml").read_text(encoding="utf-8").replace("docs_dir: build/docs", "docs_dir: notes")
    (example / "mkdocs.yml").write_text(config, encoding="utf-8")
    (example / "notes").mkdir()
    (example / "notes" / "precious.md").write_text("mine", encoding="utf-8")
    result = journal("build", "--root", str(example), "--today", TODAY)
    assert result.returncode == 1 and "refusing to clean" in result.stdout
    assert (example / "notes" / "precious.md").read_text(encoding="utf-8") == "mine"


def test_docs_dir_inside_the_journal_is_refused(example: Path) -> None:
    config = (
        (example / "mkdocs.yml").read_text(encoding="utf-8").replace("docs_dir: build/docs", "docs_dir: journal/site")
    )
    (example / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = journal("build", "--root", str(example))
    assert result.returncode == 1 and "mkdocs.yml:6:11: error: docs_dir must not be inside journal/" in result.stdout


def test_init_writes_a_journal_that_builds(tmp_path: Path) -> None:
    target = tmp_path / "new"
    result = journal("init", str(target))
    assert result.returncode == 0, result.stderr
    for rel in ("mkdocs.yml", ".gitignore", ".github/workflows/publish.yml", "journal/plan.yml", "requirements.txt"):
        assert (target / rel).is_file(), rel
    for folder in ("contacts", "organizations", "events", "reflections"):
        assert len(list((target / "journal" / folder).glob("*.md"))) == 1
    assert "# " in (target / "journal" / "plan.yml").read_text(encoding="utf-8")  # commented
    assert journal("check", "--root", str(target)).stdout == ""
    built = journal("build", "--root", str(target), "--today", "2026-02-01")
    assert built.returncode == 0, built.stdout + built.stderr
    assert (target / "site" / "people" / "example-contact" / "index.html").is_file()
    again = journal("init", str(target))
    assert again.returncode == 1 and "nothing was written" in again.stderr


def test_init_ignores_every_folder_a_build_makes(tmp_path: Path) -> None:
    target = tmp_path / "new"
    assert journal("init", str(target)).returncode == 0
    subprocess.run(["git", "init", "-q", str(target)], check=True)
    made = [
        "build/docs/index.md",
        "site/index.html",
        "site-0123456789/index.html",
        ".site.building/index.html",
        ".site.old/index.html",
    ]
    ignored = subprocess.run(
        ["git", "-C", str(target), "check-ignore", "--no-index", *made], capture_output=True, text=True, check=False
    ).stdout.split()
    assert ignored == made
    kept = subprocess.run(
        ["git", "-C", str(target), "check-ignore", "--no-index", "journal/plan.yml"], capture_output=True, check=False
    )
    assert kept.returncode == 1


def test_followups_and_goals_commands(example: Path) -> None:
    result = journal("followups", "--root", str(example), "--today", TODAY, "--json")
    items = json.loads(result.stdout)
    assert items[0] == {
        "due": "2026-11-02",
        "overdue": True,
        "reason": "keep-in-touch",
        "contact": "putri-handayani",
        "source": "journal/contacts/putri-handayani.md",
        "line": 13,
        "text": "Get in touch with Putri Handayani (every 3m; last contact 2026-08-02)",
    }
    # the follow-up after the Instagram Live of 22 October (due 24 October) is
    # more than the plan's 14 days overdue by now: missed, no longer listed
    assert not [i for i in items if i["contact"] == "wang-lei" and i["reason"] == "after-event"]
    earlier = json.loads(journal("followups", "--root", str(example), "--today", "2026-11-07", "--json").stdout)
    assert {
        "due": "2026-10-24",
        "overdue": True,
        "reason": "after-event",
        "contact": "wang-lei",
        "source": "journal/events/2026-10-22-lumen-health-instagram-live.md",
        "line": 10,
        "text": "Follow up with 王磊 after A day in the life of a UX researcher at Lumen Health",
    } in earlier
    dues = [i["due"] for i in items]
    dated = [d for d in dues if d]
    assert dated == sorted(dated) and dues[len(dated) :] == [None] * (len(dues) - len(dated))
    text = journal("followups", "--root", str(example), "--today", TODAY)
    assert "2026-11-02  overdue  keep-in-touch  Putri Handayani" in text.stdout
    # [[slug]] links read as the entries' names, as on the site
    assert "[[" not in text.stdout
    assert "Ask her about the timeline of the Q1 role after Lumen Health virtual careers day" in text.stdout
    assert "ليلى حداد" in text.stdout and "layla-haddad " not in text.stdout
    goals = json.loads(journal("goals", "--root", str(example), "--today", TODAY, "--json").stdout)
    assert goals[0] == {
        "title": "Talk to six people a month",
        "period": "2026-11",
        "actual": 9,
        "target": 6,
        "met": True,
        "state": "met",
        "on_pace": True,
        "expected": 5.4,  # 6 × 27/30 of November
        "due": 5,  # rounded down: what being on pace asks
        "start": "2026-11-01",
        "end": "2026-11-30",
    }
    assert {g["period"] for g in goals} == {"2026-11", "2026-Q4"}
    # the text shows what the JSON holds: the state of each goal, pace included
    text = journal("goals", "--root", str(example), "--today", TODAY).stdout.splitlines()
    assert [line.split("  ")[-1].strip() for line in text] == [g["title"] for g in goals]
    assert all(f"  {g['state']:<8}  " in line for g, line in zip(goals, text, strict=True))
    history = json.loads(journal("goals", "--root", str(example), "--today", TODAY, "--json", "--history").stdout)
    assert len(history) > len(goals)


def test_zensical_builds_the_same_generated_folder(example: Path) -> None:
    zensical = shutil.which("zensical", path=str(Path(sys.executable).parent))
    if zensical is None:
        pytest.fail("zensical is not installed: install the test extra (pip install -e '.[test]')")
    assert journal("build", "--root", str(example), "--today", TODAY).returncode == 0
    shutil.rmtree(example / "site")
    result = subprocess.run(
        [zensical, "build", "--strict", "-f", str(example / "mkdocs.yml")],
        capture_output=True,
        text=True,
        cwd=example,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    siti = (example / "site" / "people" / "siti-rahayu" / "index.html").read_text(encoding="utf-8")
    assert "Head of UX Research" in siti
    assert "9 of 6" in (example / "site" / "index.html").read_text(encoding="utf-8")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return None


def _serve(example: Path) -> tuple[subprocess.Popen[str], int]:
    """``journal serve`` on the example, on a free port (its output: text, stdout and stderr together)."""
    port = _free_port()
    command = [sys.executable, "-m", "builder", "serve", "--root", str(example), "--today", TODAY]
    command += ["--dev-addr", f"127.0.0.1:{port}", "--interval", "0.2"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True), port


def test_serve_regenerates_when_the_journal_changes(example: Path) -> None:
    import time

    server, port = _serve(example)
    url = f"http://127.0.0.1:{port}/people/siti-rahayu/"
    try:
        deadline = time.monotonic() + 60
        page = None
        while time.monotonic() < deadline and (page is None or "Siti Rahayu" not in page):
            time.sleep(0.3)
            page = _get(url)
        assert page is not None and "Siti Rahayu" in page
        assert "livereload" in page  # open pages reload after an edit
        index_url = f"http://127.0.0.1:{port}/search/search_index.json"
        before = json.loads(_get(index_url) or "{}")["docs"]
        contact = example / "journal" / "contacts" / "siti-rahayu.md"
        contact.write_text(contact.read_text(encoding="utf-8").replace("name: Siti Rahayu", "name: Siti R. Wibowo"))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "Siti R. Wibowo" not in (page or ""):
            time.sleep(0.3)
            page = _get(url)
        assert page is not None and "Siti R. Wibowo" in page
        # The search index follows the edit, and keeps every other page's entries.
        after = json.loads(_get(index_url) or "{}")["docs"]
        assert len(after) == len(before)
        assert {e["location"] for e in after} == {e["location"] for e in before}
        titles = {e["title"] for e in after if e["location"] == "people/siti-rahayu/"}
        assert titles == {"Siti R. Wibowo"}, titles
    finally:
        children = subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        server.terminate()
        server.wait(timeout=20)
    assert server.returncode == 0
    # no process started by journal serve outlives it
    for pid in children:
        deadline = time.monotonic() + 10
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not Path(f"/proc/{pid}").exists(), f"process {pid} outlived journal serve"


def test_serve_reports_a_broken_mkdocs_yml_in_one_line_and_goes_on(example: Path) -> None:
    import time

    server, port = _serve(example)
    url = f"http://127.0.0.1:{port}/people/siti-rahayu/"

    def wait_for(text: str) -> str | None:
        deadline = time.monotonic() + 60
        page = None
        while time.monotonic() < deadline and text not in (page or ""):
            time.sleep(0.3)
            page = _get(url)
        return page

    try:
        assert "Siti Rahayu" in (wait_for("Siti Rahayu") or "")
        config = example / "mkdocs.yml"
        good = config.read_text(encoding="utf-8")
        config.write_text(good.replace("theme:\n", "theme:\n  custom_dir: no-such-folder\n"), encoding="utf-8")
        time.sleep(3)
        contact = example / "journal" / "contacts" / "siti-rahayu.md"
        contact.write_text(contact.read_text(encoding="utf-8").replace("name: Siti Rahayu", "name: Siti R. Wibowo"))
        time.sleep(3)
        config.write_text(good, encoding="utf-8")  # mended: the whole site is built again
        assert "Siti R. Wibowo" in (wait_for("Siti R. Wibowo") or "")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "journal serve: MkDocs: Aborted with a configuration error!" in output
    assert "Traceback" not in output
    assert server.returncode == 0
