"""Checks an uploaded agreement document: PDF, DOCX or ODT only, at most 10 MB,
judged by its extension *and* its first bytes (a renamed file is refused)."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from infoshare.agreements import errors
from infoshare.core.errors import DomainError

MAX_BYTES = 10 * 1024 * 1024

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}
KIND_NAMES = {".pdf": "PDF", ".docx": "DOCX", ".odt": "ODT"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str
    size: int
    sha256: str


def _fail(message: str) -> DomainError:
    return DomainError("bad_file", message, field="file")


def _is_docx(stream: IO[bytes]) -> bool:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _is_odt(stream: IO[bytes]) -> bool:
    try:
        with zipfile.ZipFile(stream) as archive:
            if "mimetype" not in archive.namelist():
                return False
            # the mimetype entry is tiny and stored uncompressed; read no more than needed
            with archive.open("mimetype") as entry:
                return entry.read(len(ODT_MIMETYPE) + 1).strip() == ODT_MIMETYPE
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return False


def check_upload(upload: Any) -> CheckedFile:
    """Raises a DomainError (field ``file``) with a message the person can act on."""
    if upload is None:
        raise _fail(errors.FILE_REQUIRED)
    extension = Path(str(upload.name or "")).suffix.lower()
    if extension not in CONTENT_TYPES:
        raise _fail(errors.FILE_TYPE)
    size = int(upload.size or 0)
    if size == 0:
        raise _fail(errors.FILE_EMPTY)
    if size > MAX_BYTES:
        raise _fail(errors.FILE_TOO_BIG)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind = KIND_NAMES[extension]
    if extension == ".pdf":
        genuine = head.startswith(b"%PDF-")
    else:
        genuine = head.startswith(b"PK\x03\x04") and (
            _is_docx(upload) if extension == ".docx" else _is_odt(upload)
        )
        upload.seek(0)
    if not genuine:
        raise _fail(errors.FILE_CONTENT_MISMATCH.format(kind=kind))
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(extension, CONTENT_TYPES[extension], size, digest.hexdigest())
