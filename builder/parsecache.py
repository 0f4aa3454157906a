"""The parsed entry files of the last whole load, kept for the next one
(``build/cache/parsed/``), so that a build after one edit parses one
file, not 30,000.

Parsing an entry is a pure function of its bytes (``load.parse_entry``): a
file whose size, modification and change times and inode are those
recorded is taken as parsed then, unless it changed within two seconds of
the recording (an edit in the same tick could hide; as git does).  The key
names the builder's own code and PyYAML's version, so a new rule parses
everything again.  The file is the builder's own (gitignored ``build/``,
never restored from elsewhere), so it is read with pickle; anything wrong
with it, and it is simply not used.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections.abc import Collection, Sequence
from pathlib import Path

import yaml

from builder.diagnostics import Diagnostic
from builder.records import ParsedEntry
from builder.version import builder_content_version

PARSED_CACHE = "build/cache/parsed"  # a folder of shards: NN.pickle
SHARDS = 64  # an edit rewrites one shard (a 64th of the journal), not all of it
FORMAT = 1
RACY_NS = 2_000_000_000

Parsed = tuple[ParsedEntry | None, list[Diagnostic]]
Stamp = tuple[int, int, int, int]
Kept = dict[str, tuple[Stamp, str, str, Parsed]]


def shard_of(rel: str) -> int:
    """Which shard keeps a file: by its path, so a file stays in its shard."""
    return hashlib.blake2b(rel.encode("utf-8"), digest_size=2).digest()[0] % SHARDS


class ParsedCache:
    """The parsed entries of one journal on disk, by path, in shards."""

    def __init__(self, root: Path, reuse: bool = True) -> None:
        """The cache of the journal at ``root``; ``reuse=False``: parse
        everything again (and keep it for the next load)."""
        self.root = root
        self.folder = root / PARSED_CACHE
        self.key = f"{FORMAT}:{builder_content_version()}:{yaml.__version__}"  # a new PyYAML may read otherwise
        self.stamped_ns = time.time_ns()  # before any file is stamped
        self.shards: list[tuple[int, Kept]] = [self._read(n) if reuse else (0, {}) for n in range(SHARDS)]
        self.stamps: dict[str, Stamp | None] = {}  # each file's stamp as this load parsed it (``keep``)

    def previous(self, rel: str) -> tuple[Stamp, str, str, Parsed] | None:
        """What was kept for ``rel`` before this load (its stamp, folder, slug
        and parse), even when the load replaced it: a build after an edit
        compares the entry as it was with the entry as it is."""
        return self.shards[shard_of(rel)][1].get(rel)

    def _read(self, shard: int) -> tuple[int, Kept]:
        try:
            with open(self.folder / f"{shard:02d}.pickle", "rb") as file:
                key, stamped_ns, kept = pickle.load(file)
        except Exception:  # any unreadable shard (truncated, another version) only makes a slower run
            return 0, {}
        if key != self.key or not isinstance(kept, dict) or not isinstance(stamped_ns, int):
            return 0, {}
        return stamped_ns, kept

    def stamp(self, rel: str) -> Stamp | None:
        """What identifies a file's contents on disk; None when it cannot be read."""
        try:
            st = os.stat(os.path.join(self.root, rel))
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)

    def known(self, to_read: Sequence[tuple[str, str, str]], stamps: Sequence[Stamp | None]) -> dict[int, Parsed]:
        """The files (by index in ``to_read``) whose parse is kept and still theirs."""
        out: dict[int, Parsed] = {}
        for index, ((folder, rel, slug), stamp) in enumerate(zip(to_read, stamps, strict=True)):
            stamped_ns, kept = self.shards[shard_of(rel)]
            found = kept.get(rel)
            if (
                found is not None
                and stamp is not None
                and found[0] == stamp
                and stamp[1] < stamped_ns - RACY_NS
                and found[1] == folder
                and found[2] == slug
            ):
                out[index] = found[3]
        return out

    def keep(
        self,
        to_read: Sequence[tuple[str, str, str]],
        stamps: Sequence[Stamp | None],
        results: Sequence[Parsed],
        known: Collection[int],
    ) -> None:
        """Record these parses (the whole journal's; ``known``: the indexes
        taken from the cache): each shard with a file parsed now, or one
        gone, is replaced in one rename."""
        wanted: list[Kept] = [{} for _ in range(SHARDS)]
        fresh = [False] * SHARDS
        for index, ((folder, rel, slug), stamp, parsed) in enumerate(zip(to_read, stamps, results, strict=True)):
            self.stamps[rel] = stamp
            shard = shard_of(rel)
            fresh[shard] = fresh[shard] or index not in known
            if stamp is not None:
                wanted[shard][rel] = (stamp, folder, slug, parsed)
        for shard, kept in enumerate(wanted):
            if not fresh[shard] and kept.keys() == self.shards[shard][1].keys():
                continue
            target = self.folder / f"{shard:02d}.pickle"
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                with open(tmp, "wb") as file:
                    pickle.dump((self.key, self.stamped_ns, kept), file, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, target)
            except (OSError, pickle.PicklingError, TypeError, AttributeError):  # read-only, or unpicklable
                tmp.unlink(missing_ok=True)
                return
