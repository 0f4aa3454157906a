from pathlib import Path

import pytest

from builder.output import MARKER, OutputError, safe_relpath, write_tree


@pytest.mark.parametrize("bad", ["../x.md", "/etc/passwd", "a/../../x", "", "a\\..\\b"])
def test_paths_cannot_leave_the_folder(bad: str) -> None:
    with pytest.raises(OutputError):
        safe_relpath(bad)


def test_write_tree_writes_changes_only_and_cleans(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    first = write_tree(docs, {"a.md": "A", "sub/b.md": "B", "sub/deep/c.md": "C"})
    assert first.written == ("a.md", "sub/b.md", "sub/deep/c.md") and (docs / MARKER).is_file()
    stamp = (docs / "a.md").stat().st_mtime_ns
    second = write_tree(docs, {"a.md": "A", "sub/b.md": "B2"})
    assert second.written == ("sub/b.md",) and second.removed == ("sub/deep/c.md",) and second.unchanged == 1
    assert (docs / "a.md").stat().st_mtime_ns == stamp
    assert not (docs / "sub" / "deep").exists()
    assert (docs / "sub" / "b.md").read_text() == "B2"
    assert sorted(p.name for p in docs.rglob("*")) == sorted([MARKER, "a.md", "sub", "b.md"])


def test_write_tree_refuses_a_folder_it_does_not_own(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep")
    with pytest.raises(OutputError, match="refusing to clean"):
        write_tree(tmp_path, {"a.md": "A"})
    assert (tmp_path / "mine.txt").read_text() == "keep"
    assert not (tmp_path / "a.md").exists()
