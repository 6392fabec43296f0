"""Uploads: PDF, DOCX or ODT only, at most 10 MB, checked by content; downloads are
access-checked attachments."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from infoshare.agreements import errors
from infoshare.agreements.documents import MAX_BYTES
from infoshare.agreements.models import AgreementDocument
from infoshare.audit.models import AuditEvent
from infoshare.core.roles import Role

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


def _upload(client, agreement, name: str, content: bytes):
    return client.post(
        reverse("agreements:document_upload", args=[agreement.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Signed copy.pdf", PDF, "application/pdf"),
        (
            "annex.DOCX",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("annex.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_a_manager_uploads_a_real_document(
    client, senior_lead, draft, settings, name, content, content_type
) -> None:
    client.force_login(senior_lead)
    response = _upload(client, draft, name, content)
    assert response.status_code == 302
    document = AgreementDocument.objects.get()
    assert document.original_name == name
    assert document.content_type == content_type
    assert document.size == len(content)
    stored_name = document.file.name or ""
    stored = settings.MEDIA_ROOT / stored_name
    assert stored_name.startswith(f"agreements/{draft.pk}/")
    assert name not in stored_name  # stored under a random name
    assert stored.read_bytes() == content
    assert AuditEvent.objects.filter(action="agreements.document_uploaded").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", b"MZ\x90\x00", errors.FILE_TYPE),
        ("notes.txt", b"hello", errors.FILE_TYPE),
        ("no-extension", PDF, errors.FILE_TYPE),
        (
            "fake.pdf",
            b"this is only text pretending",
            errors.FILE_CONTENT_MISMATCH.format(kind="PDF"),
        ),
        ("fake.docx", PDF, errors.FILE_CONTENT_MISMATCH.format(kind="DOCX")),
        ("zip.docx", _zip({"a.txt": b"x"}), errors.FILE_CONTENT_MISMATCH.format(kind="DOCX")),
        ("word.odt", DOCX, errors.FILE_CONTENT_MISMATCH.format(kind="ODT")),
    ],
)
def test_a_wrong_or_fake_file_is_refused_with_a_clear_message(
    client, senior_lead, draft, name, content, message
) -> None:
    client.force_login(senior_lead)
    response = _upload(client, draft, name, content)
    assert response.status_code == 400
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not AgreementDocument.objects.exists()


def test_a_file_over_10_mb_is_refused(client, senior_lead, draft) -> None:
    client.force_login(senior_lead)
    content = PDF + b"0" * (MAX_BYTES + 1 - len(PDF))
    response = _upload(client, draft, "big.pdf", content)
    assert response.status_code == 400
    assert errors.FILE_TOO_BIG in response.content.decode()
    assert not AgreementDocument.objects.exists()


def test_no_file_or_an_empty_file_is_explained(client, senior_lead, draft) -> None:
    client.force_login(senior_lead)
    url = reverse("agreements:document_upload", args=[draft.pk])
    assert "Select a file" in client.post(url, {}).content.decode()
    response = _upload(client, draft, "empty.pdf", b"")
    assert response.status_code == 400
    assert "The selected file is empty" in response.content.decode()


def test_a_practitioner_cannot_upload(client, practitioner, draft) -> None:
    client.force_login(practitioner)
    assert _upload(client, draft, "a.pdf", PDF).status_code == 403
    assert not AgreementDocument.objects.exists()


def test_a_senior_lead_of_another_organisation_cannot_upload(
    client, foreign_org_user, draft
) -> None:
    client.force_login(foreign_org_user)
    assert _upload(client, draft, "a.pdf", PDF).status_code == 403


def test_staff_of_the_partnership_download_as_an_attachment(
    client, senior_lead, practitioner, draft
) -> None:
    client.force_login(senior_lead)
    _upload(client, draft, "Signed copy.pdf", PDF)
    document = AgreementDocument.objects.get()
    client.force_login(practitioner)
    response = client.get(reverse("agreements:document_download", args=[draft.pk, document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "Signed copy.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert AuditEvent.objects.filter(action="agreements.document_downloaded").count() == 1


def test_a_download_outside_the_partnership_or_of_another_agreement_is_not_found(
    client, senior_lead, draft, make_member, home_org
) -> None:
    from infoshare.agreements.tests.factories import make_agreement
    from infoshare.partnerships.tests.factories import OrganisationFactory, PartnershipFactory

    client.force_login(senior_lead)
    _upload(client, draft, "a.pdf", PDF)
    document = AgreementDocument.objects.get()
    other = make_agreement(lead_organisation=home_org)
    response = client.get(reverse("agreements:document_download", args=[other.pk, document.pk]))
    assert response.status_code == 404

    elsewhere = OrganisationFactory(partnership=PartnershipFactory(name="Elsewhere"))
    outsider = make_member(Role.SENIOR_LEAD, elsewhere)
    client.force_login(outsider)
    response = client.get(reverse("agreements:document_download", args=[draft.pk, document.pk]))
    assert response.status_code == 404


def test_uploads_are_stored_outside_the_static_web_root(settings) -> None:
    from pathlib import Path

    from django.conf import settings as django_settings

    static_root = Path(django_settings.STATIC_ROOT).resolve()
    media_root = Path(django_settings.MEDIA_ROOT).resolve()
    assert static_root not in media_root.parents


def test_an_upload_refused_once_the_agreement_is_locked_leaves_no_file(
    client, senior_lead, draft, other_org, settings, monkeypatch
) -> None:
    """The file is stored before the agreement is locked (the audit chain is not held
    while it is written: docs/architecture.md, "Lock order"), so the checks are made again
    once it is: an agreement the person no longer manages by then (here its lead
    organisation changed while the file was being stored) is refused as before, and the
    stored file deleted."""
    from django.core.files.storage import FileSystemStorage

    from infoshare.agreements.models import Agreement

    original = FileSystemStorage._save  # type: ignore[attr-defined]

    def _save(storage, name, content):
        Agreement.objects.filter(pk=draft.pk).update(lead_organisation=other_org)
        return original(storage, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", _save)
    client.force_login(senior_lead)

    response = _upload(client, draft, "Signed copy.pdf", PDF)

    assert response.status_code == 400
    assert errors.NOT_ALLOWED.replace("'", "&#x27;") in response.content.decode()
    assert not AgreementDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="agreements.document_uploaded").exists()
    assert [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] == []
