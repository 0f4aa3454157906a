"""A spreadsheet export read as a table, however it was saved: the CSV
importers' (LinkedIn, Google Contacts) common ground.

The text has been decoded already (``textfile.decode``).  What is left to
tell is the dialect, decided once per file from its header line: the
separator (``,``; ``;`` as Excel writes in much of Europe; a tab as Excel's
"Unicode Text" and Outlook write) and quoting (every field quoted, or only
those that need it).  ``csv.Sniffer`` gives its guess on the header line;
then every separator the line holds, the most frequent first; the first
that splits the line into the header the importer asks for wins.  The header
need not be the first line (LinkedIn puts "Notes:" lines before it), and its
names are compared without case, spacing or punctuation (``First Name``,
``FIRST NAME``, ``first_name`` are one column).

Never an internal error: whatever the text, ``read_table`` returns a table
or raises ``ValueError`` with one line that says what the file lacks.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from builder.importers.records import Skipped, clean

if TYPE_CHECKING:
    import _csv

SEPARATORS = (",", ";", "\t")
_SNIFF_LIMIT = 4096  # a header is a few hundred characters; the Sniffer's patterns are slow on long lines
HEADER_SCAN = 40  # how many lines the header may come after (LinkedIn's notes are 3 or 4)
_FIELD_LIMIT = 1 << 20  # a notes cell of a megabyte is still a cell, not a reason to stop

csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))


def key(name: str) -> str:
    """A header name in the form columns are compared in: letters and digits
    only, case folded (``E-mail 1 - Value`` → ``email1value``)."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


@dataclass
class Row:
    """One record of the table: its first line in the file and its cells,
    as many as the header has."""

    line: int
    cells: list[str]

    @property
    def where(self) -> str:
        return f"line {self.line}"


@dataclass
class Table:
    """A table read from an export: its header (the names as written), where
    it was, the dialect found, the records and the lines that were not."""

    header: list[str]
    header_line: int
    separator: str
    rows: list[Row] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, name in enumerate(self.header):
            self._index.setdefault(key(name), i)

    @property
    def keys(self) -> set[str]:
        return set(self._index)

    def column(self, *names: str) -> int | None:
        """The first of ``names`` (in ``key`` form) the header has."""
        for name in names:
            if name in self._index:
                return self._index[name]
        return None

    def columns(self, pattern: re.Pattern[str]) -> list[int]:
        """Every column whose key ``pattern`` matches whole, in the file's order."""
        return [i for i, name in enumerate(self.header) if pattern.fullmatch(key(name))]


def _reader(text: str, separator: str) -> _csv.Reader:
    return csv.reader(io.StringIO(text), delimiter=separator, quotechar='"', doublequote=True, skipinitialspace=True)


def _split(line: str, separator: str) -> list[str] | None:
    """One line as the cells of ``separator``; None when it is not one record
    (a quote left open) or the csv module refuses it."""
    try:
        rows: list[list[str]] = list(_reader(line, separator))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else None


def _outside_quotes(line: str) -> dict[str, int]:
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return counts


def _candidates(line: str) -> list[str]:
    """The separators to try on a header line, likeliest first: the
    Sniffer's guess, then the others the line holds, most frequent first."""
    order: list[str] = []
    sniffed = ""
    if len(line) <= _SNIFF_LIMIT:
        with contextlib.suppress(csv.Error):
            sniffed = csv.Sniffer().sniff(line, delimiters="".join(SEPARATORS)).delimiter
    if sniffed in SEPARATORS:
        order.append(sniffed)
    counts = _outside_quotes(line)
    for sep in sorted(SEPARATORS, key=lambda s: -counts[s]):
        if counts[sep] and sep not in order:
            order.append(sep)
    return order or [","]


def _shown(cells: Iterable[str], limit: int = 100) -> str:
    """A header as a refusal quotes it: its names, one line, at most ``limit`` characters."""
    text = ", ".join(c for c in (clean(cell) for cell in cells) if c)
    return text if len(text) <= limit else text[: limit - 1].rstrip(", ") + "…"


def in_file_order(skipped: list[Skipped]) -> list[Skipped]:
    """Skipped rows and notes by their line (the table's own, then each
    importer's, were gathered apart)."""
    return sorted(skipped, key=lambda item: int(item.where.removeprefix("line ")))


def normalize_line_ends(text: str) -> str:
    """Every line end a line feed (``decode`` has done so; a caller handing
    text of its own may not have, and a lone CR breaks the csv module)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def read_table(text: str, what: str, accept: Callable[[set[str]], str | None]) -> Table:
    """The table of an export whose header ``accept`` takes.

    ``accept`` gets the keys of a candidate header line and returns None
    when they are the header, or else what they lack (``no First Name``);
    the first line it takes, within the first ``HEADER_SCAN`` lines, is the
    header.  None taken: ``ValueError`` ``not a {what}: {lack} (found:
    ...)``, naming the first line that looked like a header.
    """
    text = normalize_line_ends(text).removeprefix("\ufeff")
    lines = text.split("\n")
    if not text.strip():
        raise ValueError(f"not a {what}: the file is empty")
    refusal: tuple[str, list[str]] | None = None  # what the likeliest header line lacks, and its cells
    for number, line in enumerate(lines[:HEADER_SCAN]):
        if not line.strip():
            continue
        for separator in _candidates(line):
            cells = _split(line, separator)
            if cells is None:
                continue
            lack = accept({key(c) for c in cells} - {""})
            if lack is None:
                return _rows(lines, number, separator, cells)
            # the first line of several cells is the header that was meant; else the first line
            if refusal is None or (len(refusal[1]) < 2 <= len(cells)):
                refusal = (lack, cells)
    if refusal is None:  # no line splits at all (every one a quote left open)
        refusal = (accept(set()) or "no header", [next(line for line in lines if line.strip())])
    lack, cells = refusal
    raise ValueError(f"not a {what}: {lack} (found: {_shown(cells) or 'nothing readable'})")


def _rows(lines: list[str], start: int, separator: str, header: list[str]) -> Table:
    """The records after the header at ``lines[start]``; a record may span
    lines (a quoted note), and is numbered by its first line."""
    header = [h.strip() for h in header]
    table = Table(header=header, header_line=start + 1, separator=separator)
    reader = _reader("\n".join(lines[start + 1 :]), separator)
    width = len(header)
    consumed = 0  # lines read so far, after the header
    while True:
        first = start + 2 + consumed
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            table.skipped.append(Skipped(f"line {first}", f"not a CSV record ({exc})"))
            if reader.line_num <= consumed:
                break  # nothing more the reader can read
            consumed = reader.line_num
            continue
        consumed = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, or one of separators only (Excel pads rows so)
        if len(cells) > width and not any(c.strip() for c in cells[width:]):
            cells = cells[:width]  # empty cells past the header's end
        if len(cells) != width:
            last = start + 1 + consumed
            why = f"expected {width} fields, found {len(cells)}"
            if last > first + 1 and len(cells) < width:  # a quote opened and never closed took the lines after it
                why += f"; a quote opened on line {first} runs to line {last}, and the rows in it were not read"
            table.skipped.append(Skipped(f"line {first}", why))
            continue
        table.rows.append(Row(first, cells))
    return table
