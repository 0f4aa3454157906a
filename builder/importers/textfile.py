"""The text of an exported file, however it was saved: the one place that
turns an export's bytes into text for every importer.

Address books and invitations reach us re-saved by spreadsheets and old
phones: UTF-8 with or without a byte-order mark, UTF-16 (Excel's "Unicode
Text", Outlook), UTF-32, or a legacy code page (Windows-1252 and the like).
The order of evidence: a byte-order mark; UTF-16/32 told by their zero
bytes; valid UTF-8; then ``charset-normalizer`` (installed with Material's
``requests``, declared here because we call it) for a legacy code page.
Line ends (CRLF, CR alone, LF) become one line feed.  A file that is not text at
all (an image, random bytes) is refused with ``NotText``, in words, so no
importer ever sees it.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Bytes no text file holds (NUL aside, which UTF-16/32 are full of): their
# share in a file decides that it is binary.
_BINARY = frozenset(range(0, 9)) | frozenset(range(14, 32)) - {27}
# How files that are not text begin: PNG, JPEG, GIF, PDF, ZIP (and so XLSX, DOCX), gzip.
_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x1f\x8b")
_SAMPLE = 64 * 1024  # what the encoding and binary tests look at


class NotText(ValueError):
    """The file is not text in any encoding we know: one line that says so."""


def _without_zeros_encoding(sample: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by where its zero
    bytes fall (mostly-ASCII text in them is half or three quarters zeros)."""
    if len(sample) < 4:
        return None
    quads = len(sample) // 4 * 4
    if sample[:quads].count(0) < len(sample) // 4:
        return None
    zero_at = [sum(1 for i in range(k, quads, 4) if sample[i] == 0) for k in range(4)]
    units = quads // 4
    # a character of the Basic Multilingual Plane has two zero bytes in UTF-32
    if zero_at[2] == zero_at[3] == units and zero_at[0] < units:
        return "utf-32-le"
    if zero_at[0] == zero_at[1] == units and zero_at[3] < units:
        return "utf-32-be"
    pairs = [sum(1 for i in range(k, quads, 2) if sample[i] == 0) for k in range(2)]
    half = quads // 2
    if pairs[1] > half * 0.6 and pairs[0] < pairs[1]:
        return "utf-16-le"
    if pairs[0] > half * 0.6 and pairs[1] < pairs[0]:
        return "utf-16-be"
    return None


def encoding_of(data: bytes) -> str:
    """The encoding ``data`` is written in (``NotText`` when it is not text)."""
    if not data:
        return "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    sample = data[:_SAMPLE]
    wide = _without_zeros_encoding(sample)
    if wide is not None:
        return wide
    if sample.startswith(_MAGIC):
        raise NotText("not a text file (it is an image, an archive or a document)")
    controls = sum(1 for b in sample if b in _BINARY)
    utf8 = _mostly_utf8(data)
    # A stray control character is damage a text export survives (the importers
    # drop them); a file full of them, or of bytes no encoding reads, is not text.
    if controls * (10 if utf8 else 50) > len(sample):
        raise NotText("not a text file (it holds binary data: an image, an archive or a program?)")
    if utf8:
        return "utf-8"
    if _western(sample):
        return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        raise NotText("not a text file: no text encoding reads it")
    name = best.encoding
    return {"latin_1": "cp1252", "iso8859_1": "cp1252", "ascii": "cp1252"}.get(name, name)


def _western(sample: bytes) -> bool:
    """Whether ``sample`` reads as Windows-1252, the code page most old
    exports are in: every character beyond ASCII a letter, and words of
    such letters alone rare.  (A name such as "José Núñez" mixes them with
    ASCII letters; Greek or Cyrillic read as Windows-1252 turn into whole
    words of accented Latin letters, and Polish into symbols.)  On a few
    names a statistical guess has too little to go on: it took "José
    Ñúñez, café" for Baltic."""
    text = sample.decode("cp1252", errors="replace")
    high = [ch for ch in text if ord(ch) > 127]
    if not all(ch.isalpha() for ch in high):
        return False
    words = [w for w in re.split(r"[\W\d_]+", text) if any(ord(ch) > 127 for ch in w)]
    foreign = [w for w in words if len(w) >= 3 and all(ord(ch) > 127 for ch in w if ch.isalpha())]
    return len(foreign) * 4 <= len(words)


def _mostly_utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8: all of it, or a file whose lines beyond
    ASCII are mostly UTF-8 and a few of another code page (a row pasted
    from an old export), or one cut in the middle of its last character."""
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return True
    good = bad = 0
    for line in data.splitlines():
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good += 1
        except UnicodeDecodeError:
            bad += 1
    return good > bad


def _stray_bytes(error: UnicodeError) -> tuple[str, int]:
    """A byte that is not UTF-8 in a UTF-8 file, read as Windows-1252."""
    assert isinstance(error, UnicodeDecodeError)
    if error.end == len(error.object) and error.reason == "unexpected end of data":
        return "\ufffd", error.end  # a character cut off at the end of the file
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("journal-cp1252", _stray_bytes)


def decode(data: bytes) -> str:
    """The text of an export: decoded as ``encoding_of`` says, without a
    byte-order mark, with every line end a line feed.  Characters the
    encoding cannot hold (a cut-off last character) become U+FFFD."""
    encoding = encoding_of(data)
    text = data.decode(encoding, errors="journal-cp1252" if encoding == "utf-8" else "replace")
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
