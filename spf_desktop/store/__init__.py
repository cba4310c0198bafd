"""The archive file: one SQLite database, opened safely, migrated, backed up."""

from spf_desktop.store.archive import (
    Archive,
    ArchiveError,
    ArchiveInUse,
    ArchiveLocationError,
    DamagedArchive,
    NewerArchive,
)

__all__ = [
    "Archive",
    "ArchiveError",
    "ArchiveInUse",
    "ArchiveLocationError",
    "DamagedArchive",
    "NewerArchive",
]
