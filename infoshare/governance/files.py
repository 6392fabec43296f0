"""Checks on uploaded policy documents: PDF only, at most 10 MB.

A file is accepted only when its name ends in ``.pdf`` *and* its first bytes are the
PDF signature ``%PDF-``: the extension alone is easy to fake, and the person's own
file name is never used as a path (see ``models.policy_upload_to``)."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from infoshare.core.errors import DomainError
from infoshare.governance.models import PDF_MAX_BYTES

PDF_MAGIC = b"%PDF-"
MSG_NOT_PDF = "The selected file must be a PDF"
MSG_TOO_BIG = "The selected file must be smaller than 10MB"
MSG_EMPTY = "The selected file is empty"


def check_pdf(upload: UploadedFile, *, field: str = "document") -> None:
    """Raises a readable DomainError unless ``upload`` is a PDF within the size limit."""
    name = (upload.name or "").lower()
    size = upload.size or 0
    if not name.endswith(".pdf"):
        raise DomainError("not_pdf", MSG_NOT_PDF, field=field)
    if size == 0:
        raise DomainError("empty_file", MSG_EMPTY, field=field)
    if size > PDF_MAX_BYTES:
        raise DomainError("file_too_big", MSG_TOO_BIG, field=field)
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise DomainError("not_pdf", MSG_NOT_PDF, field=field)


def safe_download_name(title: str, version: int) -> str:
    """A file name for the download built from the title, never from the upload."""
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in title.lower()).strip("-")
    while "--" in cleaned:
        cleaned = cleaned.replace("--", "-")
    return f"{cleaned[:60] or 'policy'}-v{version}.pdf"
