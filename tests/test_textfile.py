"""An export's bytes as text, however it was saved (builder.importers.textfile)."""

from __future__ import annotations

import pytest

from builder.importers.textfile import NotText, decode, encoding_of

TEXT = "First Name,Last Name\nΓιώργος,Παπαδόπουλος\nJosé,Ñúñez\n"


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
def test_unicode_with_or_without_a_byte_order_mark(encoding: str) -> None:
    assert decode(TEXT.replace("\n", "\r\n").encode(encoding)) == TEXT


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("José Ñúñez, café", "cp1252"),  # a statistical guess took this for Baltic
        ("First Name,Last Name\nJosé,Ñúñez\nFrançois,Müller\n", "cp1252"),
        ("Γιώργος Παπαδόπουλος Αθήνα", "cp1253"),
        (
            "Иван,Петров,https://x.example.ru,ivan@example.ru\nДарья,Смирнова,,d@example.ru\n",
            "cp1251",
        ),  # cells, not words
        ("Łukasz Żółć, Kraków", "cp1250"),
    ],
)
def test_old_code_pages(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding)) == text


def test_a_few_bytes_of_another_code_page_in_a_utf8_file() -> None:
    """One row pasted from an old export no longer garbles every other row."""
    data = "Zoë Müller,Diseñador\n".encode() + "José,Ñúñez\n".encode("cp1252") + "Ana,Café\n".encode()
    assert encoding_of(data) == "utf-8"
    assert decode(data) == "Zoë Müller,Diseñador\nJosé,Ñúñez\nAna,Café\n"


def test_line_ends_and_a_character_cut_off_at_the_end() -> None:
    assert decode(b"a\r\nb\rc\n") == "a\nb\nc\n"
    assert decode("café".encode()[:-1]) == "caf\ufffd"


@pytest.mark.parametrize(
    "data", [b"\x89PNG\r\n\x1a\n" + bytes(200), b"PK\x03\x04" + bytes(50), bytes(range(256)) * 8, b"\x00\x01\x02" * 100]
)
def test_what_is_not_text_is_refused(data: bytes) -> None:
    with pytest.raises(NotText, match="not a text file"):
        decode(data)


def test_a_stray_control_character_is_damage_a_text_survives() -> None:
    assert decode(b"Ana\x07 Lima, Bell\x00 Labs, and a long enough line of text").startswith("Ana\x07")
