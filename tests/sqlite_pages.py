"""An attacker's view of an archive: the SQLite file format read from raw bytes.

No SQLite library is used: the file header, the B-tree pages (page header, cell
pointer array, cell content), records, overflow chains and the WAL's frames are
parsed as https://www.sqlite.org/fileformat.html describes, so the tests see
exactly what someone with a copy of the files sees, including where each cell
sits in its page and which page versions the WAL still holds.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def varint(buf: bytes, pos: int) -> tuple[int, int]:
    """(value, next position) of the SQLite varint at ``pos``."""
    value = 0
    for i in range(8):
        byte = buf[pos + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + i + 1
    return (value << 8) | buf[pos + 8], pos + 9


def decode_record(payload: bytes) -> list[object]:
    header_size, pos = varint(payload, 0)
    types = []
    while pos < header_size:
        t, pos = varint(payload, pos)
        types.append(t)
    values: list[object] = []
    body = header_size
    for t in types:
        if t == 0:
            values.append(None)
        elif 1 <= t <= 6:
            size = (1, 2, 3, 4, 6, 8)[t - 1]
            values.append(int.from_bytes(payload[body:body + size], "big", signed=True))
            body += size
        elif t == 7:
            values.append(struct.unpack(">d", payload[body:body + 8])[0])
            body += 8
        elif t in (8, 9):
            values.append(t - 8)
        elif t >= 12:
            size = (t - 12) // 2 if t % 2 == 0 else (t - 13) // 2
            raw = payload[body:body + size]
            values.append(raw if t % 2 == 0 else raw.decode("utf-8", "replace"))
            body += size
        else:
            values.append(None)
    return values


@dataclass(frozen=True)
class Cell:
    page: int        # the page number it sits on
    offset: int      # its byte offset inside that page
    index: int       # its place in the page's cell pointer array (key order)
    rowid: int | None
    values: list[object]


@dataclass(frozen=True)
class Frame:
    number: int      # 0 for the WAL's first frame
    page: int
    commit: bool
    data: bytes


class SQLiteFile:
    """A database file plus, optionally, its WAL, as bytes."""

    def __init__(self, db: bytes, wal: bytes = b"") -> None:
        self.db = db
        self.page_size = self._page_size(db, wal)
        self.reserved = db[20] if len(db) >= 100 else 0
        self.usable = self.page_size - self.reserved
        self.frames = list(self._wal_frames(wal))
        self._schema: dict[str, int] | None = None
        self.pages: dict[int, bytes] = {
            n + 1: db[n * self.page_size:(n + 1) * self.page_size]
            for n in range(len(db) // self.page_size)
        } if self.page_size else {}
        # The current view: the file with the WAL's committed frames laid over it.
        last_commit = max((f.number for f in self.frames if f.commit), default=-1)
        for f in self.frames:
            if f.number <= last_commit:
                self.pages[f.page] = f.data

    @classmethod
    def read(cls, path: Path) -> SQLiteFile:
        wal = path.with_name(path.name + "-wal")
        return cls(path.read_bytes() if path.exists() else b"",
                   wal.read_bytes() if wal.exists() else b"")

    @staticmethod
    def _page_size(db: bytes, wal: bytes) -> int:
        if len(db) >= 100:
            size = int.from_bytes(db[16:18], "big")
            return 65536 if size == 1 else size
        if len(wal) >= 32:
            return int.from_bytes(wal[8:12], "big")
        return 0

    def _wal_frames(self, wal: bytes) -> Iterator[Frame]:
        if len(wal) < 32 or not self.page_size:
            return
        salt = wal[16:24]
        pos, number = 32, 0
        while pos + 24 + self.page_size <= len(wal):
            head = wal[pos:pos + 24]
            if head[8:16] != salt:
                break  # a frame of an older WAL generation: no longer valid
            page = int.from_bytes(head[0:4], "big")
            commit = int.from_bytes(head[4:8], "big") != 0
            yield Frame(number, page, commit, wal[pos + 24:pos + 24 + self.page_size])
            pos += 24 + self.page_size
            number += 1

    # -- B-trees -------------------------------------------------------------------

    def _payload(self, page: bytes, pos: int, size: int, index: bool) -> bytes:
        u = self.usable
        x = (u - 12) * 64 // 255 - 23 if index else u - 35
        if size <= x:
            return page[pos:pos + size]
        m = (u - 12) * 32 // 255 - 23
        k = m + (size - m) % (u - 4)
        local = k if k <= x else m
        data = bytearray(page[pos:pos + local])
        nxt = int.from_bytes(page[pos + local:pos + local + 4], "big")
        while nxt and len(data) < size and nxt in self.pages:
            over = self.pages[nxt]
            data += over[4:u]
            nxt = int.from_bytes(over[0:4], "big")
        return bytes(data[:size])

    def cells(self, root: int, page_data: dict[int, bytes] | None = None) -> Iterator[Cell]:
        """Every cell holding a record in the B-tree at ``root`` (leaves, and the
        interior cells of an index), with where it sits."""
        pages = self.pages if page_data is None else page_data
        seen: set[int] = set()
        todo = [root]
        while todo:
            number = todo.pop()
            if number in seen or number not in pages:
                continue
            seen.add(number)
            page = pages[number]
            hdr = 100 if number == 1 else 0
            kind = page[hdr]
            if kind not in (2, 5, 10, 13):
                continue
            leaf = kind in (10, 13)
            index = kind in (2, 10)
            count = int.from_bytes(page[hdr + 3:hdr + 5], "big")
            pointers = hdr + (8 if leaf else 12)
            if not leaf:
                todo.append(int.from_bytes(page[hdr + 8:hdr + 12], "big"))
            for i in range(count):
                offset = int.from_bytes(page[pointers + 2 * i:pointers + 2 * i + 2], "big")
                pos = offset
                if not leaf:
                    todo.append(int.from_bytes(page[pos:pos + 4], "big"))
                    pos += 4
                    if kind == 5:
                        continue  # a table's interior cell holds only a rowid
                size, pos = varint(page, pos)
                rowid = None
                if kind == 13:
                    rowid, pos = varint(page, pos)
                try:
                    values = decode_record(self._payload(page, pos, size, index))
                except (IndexError, struct.error):
                    continue
                yield Cell(number, offset, i, rowid, values)

    def schema(self) -> dict[str, int]:
        """Name -> root page, from sqlite_master (the B-tree on page 1)."""
        if self._schema is not None:
            return self._schema
        roots: dict[str, int] = {}
        self._schema = roots
        if 1 not in self.pages:
            return roots
        for cell in self.cells(1):
            if len(cell.values) >= 4 and isinstance(cell.values[1], str) and isinstance(cell.values[3], int):
                roots[cell.values[1]] = cell.values[3]
        return roots

    def table_cells(self, name: str) -> list[Cell]:
        root = self.schema().get(name)
        return [] if not root else list(self.cells(root))
