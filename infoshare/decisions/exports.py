"""Exports of decision records: CSV for advisors, a PDF of one record, and a subject
access bundle (PDF and JSON) of every record about one person. Callers audit them."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone

from infoshare.core.exports import safe_cell
from infoshare.decisions.api_schemas import decision_out, person_out
from infoshare.decisions.models import Person, SharingDecision
from infoshare.decisions.summary import RECOMMENDATION_LABELS, record_rows

CSV_COLUMNS = (
    "reference",
    "version",
    "status",
    "organisation",
    "recorded_by",
    "finalised_at",
    "people",
    "direction",
    "recipient",
    "recommendation",
    "basis",
    "outcome",
    "departs_from_recommendation",
    "urgent",
    "gateway",
    "article6",
    "article9",
    "schedule1",
    "method",
    "shared_on",
    "person_told",
    "countersigned",
)


def _cell(value: Any) -> str:
    """Text for a spreadsheet cell; a leading formula character is neutralised."""
    return str(safe_cell("" if value is None else str(value)))


def decisions_csv(decisions: Iterable[SharingDecision]) -> str:
    """One row per record, without names (data minimisation): a count of people only."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for d in decisions:
        writer.writerow(
            [
                _cell(value)
                for value in (
                    d.reference,
                    d.version,
                    d.status,
                    d.organisation.name,
                    str(d.author),
                    d.finalised_at.isoformat() if d.finalised_at else "",
                    len(d.people.all()),
                    d.direction,
                    d.recipient_label,
                    d.recommendation,
                    d.basis,
                    d.outcome,
                    "yes" if d.departs_from_recommendation else "no",
                    "yes" if d.urgent else "no",
                    d.gateway,
                    " ".join(d.article6),
                    " ".join(d.article9),
                    " ".join(d.schedule1),
                    d.method,
                    d.shared_on.isoformat() if d.shared_on else "",
                    d.person_told,
                    "yes" if d.countersigned_by_id else "no",
                )
            ]
        )
    return out.getvalue()


#: The faces the PDF template embeds (its @font-face rules name these static paths, after
#: ``PDF_STATIC``). DejaVu Sans covers Latin, Greek and Cyrillic and more; the front-end
#: build copies it from the npm package dejavu-fonts-ttf into infoshare/static/dist/fonts.
PDF_FONTS = ("dist/fonts/DejaVuSans.ttf", "dist/fonts/DejaVuSans-Bold.ttf")

#: How the PDF template names a static file (``static:dist/fonts/DejaVuSans.ttf``): not a
#: place on the network or on disk, so only ``html_to_pdf``'s fetcher can give it a meaning.
PDF_STATIC = "static:"

#: The PDF standard the exports meet: PDF/UA-1 (ISO 14289-1), a tagged PDF with a
#: structure tree from the template's headings, tables and lists, its language
#: (``<html lang>``) and its title (``<title>``) shown as the window's title.
PDF_VARIANT = "pdf/ua-1"

#: WeasyPrint lays text out with Pango, HarfBuzz and fontconfig, system libraries: these
#: Debian packages bring them (the system check decisions.W002 says when they are missing).
PDF_SYSTEM_PACKAGES = (
    "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1"
)


def _collected(name: str) -> str | None:
    """The file in STATIC_ROOT, where collectstatic put it (production)."""
    try:
        if staticfiles_storage.exists(name):
            return str(staticfiles_storage.path(name))
    except NotImplementedError:  # a storage without local files
        return None
    return None


def pdf_font_files() -> dict[str, Path]:
    """The local file of each PDF font, by its static path: from the static sources
    (the built folder in development) or else from the collected static files."""
    files = {}
    for name in PDF_FONTS:
        found = finders.find(name) or _collected(name)
        if not found or not Path(found).is_file():
            raise ImproperlyConfigured(
                f"The PDF font {name} is missing, so PDFs cannot be made: build the front end "
                "(make install, or npm ci && npm run build), and in production run collectstatic."
            )
        files[name] = Path(found).resolve()
    return files


def html_to_pdf(html: str) -> bytes:
    """The HTML as a tagged PDF/UA-1 document. Nothing is fetched but the fonts: no
    address on the network, and no file but the two font files."""
    fonts = {PDF_STATIC + name: path for name, path in pdf_font_files().items()}
    # Imported here, not at the top: WeasyPrint takes about two seconds to import, which
    # every process that loads the URLs would pay at start-up.
    try:
        from weasyprint import HTML, URLFetcher
        from weasyprint.urls import URLFetcherResponse
    except OSError as missing:  # it loads the system's text libraries as it is imported
        raise ImproperlyConfigured(
            f"PDFs cannot be made without Pango, HarfBuzz and fontconfig ({missing}): "
            f"install them (on Debian: apt-get install {PDF_SYSTEM_PACKAGES})."
        ) from missing

    class FontsOnly(URLFetcher):
        """Answers the template's font addresses from the local files, and refuses every
        other address (http, https, file, data, ...), so nothing else is read or fetched."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = fonts.get(url)
            if path is None:
                raise ValueError(f"The PDF fetches only its fonts, not {url[:100]}")
            return URLFetcherResponse(url, body=path.read_bytes())

    document = HTML(string=html, base_url=None, url_fetcher=FontsOnly(allowed_protocols=()))
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    if not pdf:
        raise RuntimeError("The PDF could not be made")
    return bytes(pdf)


def _record_context(
    decision: SharingDecision,
    advice: list[dict[str, Any]],
    *,
    viewer: Any,
    subject: Person | None = None,
) -> dict[str, Any]:
    return {
        "decision": decision,
        "rows": record_rows(decision, viewer=viewer, subject=subject),
        "recommended": RECOMMENDATION_LABELS.get(decision.recommendation, "Not finalised"),
        "advice": advice,
    }


def decision_pdf(
    decision: SharingDecision,
    *,
    viewer: Any,
    advice: list[dict[str, Any]] | None = None,
    versions: list[SharingDecision] | None = None,
) -> bytes:
    """One record as a PDF, as ``viewer`` may see it (``record_rows``). ``advice`` is what
    the viewer may see of the advice asked (``selectors.advice.advice_shown_to``): none
    unless they are given it. ``versions``: the record's versions the viewer may see
    (``selectors.versions_of``), listed as its history when there is more than one, as on
    the record's page."""
    html = render_to_string(
        "decisions/pdf/records.html",
        {
            "records": [
                _record_context(decision, advice or [], viewer=viewer)
                | {"versions": versions if versions and len(versions) > 1 else []}
            ],
            # The PDF's title (its Title metadata, shown by a reader) and its heading.
            "title": f"Decision record {decision.label}",
            "made_at": timezone.now(),
        },
    )
    return html_to_pdf(html)


#: Said on the bundle's cover and in its JSON: a record may hold information about other
#: people, which a subject access request does not by itself entitle the person to.
THIRD_PARTY_NOTICE = (
    "These records may hold information about other people: others a record is about "
    "(given here by name only, without their dates of birth, NHS numbers or local "
    "references) and anyone its text mentions. Review it before release: under UK GDPR "
    "and the Data Protection Act 2018 (Schedule 2, Part 3), information that identifies "
    "someone else is released only with their consent or where it is reasonable to "
    "release it without; otherwise withhold or redact it."
)


def _person_data(person: Person, subject: Person) -> dict[str, Any]:
    """A person on a record in the bundle: the subject in full, anyone else by name."""
    if person.pk == subject.pk:
        return person_out(person) | {"is_subject": True}
    return {"given_name": person.given_name, "family_name": person.family_name, "is_subject": False}


def _record_data(decision: SharingDecision, subject: Person) -> dict[str, Any]:
    """A record in the subject access JSON: the API's record, with what the PDF shows
    beside it in words (who recorded it, where, for whom, who countersigned, and the
    advice asked), and the people on it as the bundle gives them (``_person_data``)."""
    return decision_out(decision, viewer=None) | {
        "people": [_person_data(p, subject) for p in decision.people.all()],
        "organisation": decision.organisation.name,
        "recorded_by": str(decision.author),
        "recipient": decision.recipient_label,
        "recommendation_shown": RECOMMENDATION_LABELS.get(decision.recommendation, ""),
        "countersigned_by": str(decision.countersigned_by) if decision.countersigned_by else None,
        "advice": decision.advice_record,
    }


def subject_access_bundle(person: Person, decisions: list[SharingDecision]) -> bytes:
    """A zip of `records.pdf` and `records.json`, with the same records and content: the
    finalised records about the person that their organisation holds (the caller chooses
    them: ``selectors.people.records_held_about``), the advice kept with each included
    (the organisation's own, disclosed to the person it is about). The person's own
    identifiers are given in full; other people on a record by name only, and the bundle
    says that what it holds about them must be reviewed before release."""
    title = f"Information sharing records about {person.full_name}"
    html = render_to_string(
        "decisions/pdf/records.html",
        {
            "records": [
                _record_context(d, d.advice_record, viewer=None, subject=person) for d in decisions
            ],
            "title": title,
            "made_at": timezone.now(),
            "subject": person,
            "notice": THIRD_PARTY_NOTICE,
        },
    )
    data = {
        "person": {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": person.date_of_birth,
            "local_reference": person.local_reference,
            "nhs_number": person.nhs_number,
        },
        "third_party_notice": THIRD_PARTY_NOTICE,
        "exported_at": timezone.now(),
        "records": [_record_data(d, person) for d in decisions],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("records.pdf", html_to_pdf(html))
        bundle.writestr("records.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2))
    return buffer.getvalue()
