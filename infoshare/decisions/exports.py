"""Exports of decision records: CSV for advisors, a PDF of one record, and a subject
access bundle (PDF and JSON) of every record about one person. Callers audit them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone

from infoshare.core.access import memberships_of
from infoshare.core.exports import BOM, safe_cell
from infoshare.core.times import datetime_text
from infoshare.decisions import engine
from infoshare.decisions.api_schemas import ADVICE_ELSEWHERE_NOT_SHOWN, decision_out, person_out
from infoshare.decisions.models import (
    Method,
    Outcome,
    Person,
    SharingDecision,
    Status,
    Told,
)
from infoshare.decisions.selectors.countersign import NOT_SHOWN, countersign_shown_to
from infoshare.decisions.summary import (
    BASIS_LABELS,
    BASIS_NAMES,
    DIRECTION_SUMMARY,
    RECOMMENDATION_LABELS,
    choice_label,
    record_rows,
    shows_departure_reason,
)

#: The fields of a record the CSV leaves out: long texts that could name people, and the
#: draft's workings. Not read at all, so that a large export stays small in memory.
CSV_DEFERRED = (
    "answers",
    "purpose",
    "information_description",
    "facts",
    "opinion",
    "reasons",
    "reason_not_told",
    "countersign_comment",
    "advice_elsewhere_said",
    "set_aside_answers",
    "set_aside_details",
)

#: One row per record, in the words of the record page (never the stored codes), for an
#: information governance lead to sort, filter and pivot.
CSV_COLUMNS = (
    "Reference",
    "Version",
    "Status",
    "Reason for amendment",
    "Organisation",
    "Recorded by",
    "Finalised (UK time)",
    "Number of people",
    "Sharing or asked",
    "Receiving organisation",
    "Organisation outside the partnership",
    "Receiving person (name or role)",
    "Recommendation",
    "Recommendation basis",
    "Consent",
    "Why consent was not sought",
    "Advice sought",
    "Advice got outside Infoshare from",
    "Outcome",
    "Departs from the recommendation",
    "Why it differs from the recommendation",
    "Urgent",
    "Common-law gateway",
    "Article 6 basis",
    "Article 9 condition",
    "Schedule 1 condition",
    "How it was shared",
    "Date shared",
    "Was the person told",
    "Countersigned by",
    "Countersigned (UK time)",
)


def _cell(value: Any) -> str:
    """Text for a spreadsheet cell; a leading formula character is neutralised."""
    return str(safe_cell("" if value is None else str(value)))


def for_csv(decisions: QuerySet[SharingDecision]) -> QuerySet[SharingDecision]:
    """What ``decisions_csv`` reads beside each record, in the records' own query (so that
    a CSV of 50,000 records costs as many queries as one of 2): who countersigned it, how
    many people it is about (a count: the CSV names nobody), and whether advice was got
    outside Infoshare (without reading what was said, a long text left out). ``decisions``
    already has ``selectors.with_related``."""
    # (Typed loosely: the type checker does not follow an annotation into ``values``.)
    through: Any = SharingDecision.people.through
    people = (
        through.objects.filter(sharingdecision_id=OuterRef("pk"))
        .order_by()
        .values("sharingdecision_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        decisions.select_related("countersigned_by")
        .defer(*CSV_DEFERRED)
        .annotate(
            people_count=Coalesce(Subquery(people), 0),
            advice_elsewhere_given=ExpressionWrapper(
                ~Q(advice_elsewhere_from="") | ~Q(advice_elsewhere_said=""),
                output_field=BooleanField(),
            ),
        )
    )


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _advice_elsewhere_given(decision: SharingDecision) -> bool:
    """Whether the record gives advice got outside Infoshare: ``for_csv``'s annotation,
    or the fields themselves on a record read without it."""
    given = getattr(decision, "advice_elsewhere_given", None)
    if given is not None:
        return bool(given)
    return bool(decision.advice_elsewhere_from or decision.advice_elsewhere_said)


def _answer(decision: SharingDecision, key: str, value: str) -> str:
    """The wording of an answer to a key question, in the record's edition of the guidance
    (the stored value if the edition no longer offers it)."""
    if not value:
        return ""
    try:
        question = engine.get_edition(decision.edition).question(key)
    except (engine.UnknownEdition, StopIteration):
        return value
    return next((option.label for option in question.answers if option.value == value), value)


def _bases(codes: Iterable[str]) -> str:
    return "; ".join(BASIS_LABELS.get(code, code) for code in codes)


def _uk_time(value: dt.datetime | None) -> str:
    """A moment in UK time (the service's time zone, as the pages and their date filters
    give it) with its offset from UTC: "2026-03-27 14:05 +00:00", "2026-07-01 00:30
    +01:00". Without the offset the hour the clocks go back in October would read the
    same twice: 01:30 BST is "2026-10-25 01:30 +01:00", 01:30 GMT "2026-10-25 01:30
    +00:00"."""
    if not value:
        return ""
    local = timezone.localtime(value)
    offset = int((local.utcoffset() or dt.timedelta()).total_seconds()) // 60
    hours, minutes = divmod(abs(offset), 60)
    return f"{local:%Y-%m-%d %H:%M} {'-' if offset < 0 else '+'}{hours:02d}:{minutes:02d}"


def _csv_row(d: SharingDecision) -> list[str]:
    values = (
        d.reference,
        d.version,
        choice_label(Status, d.status),
        d.amendment_reason,
        d.organisation.name,
        str(d.author),
        _uk_time(d.finalised_at),
        getattr(d, "people_count", None),
        DIRECTION_SUMMARY.get(d.direction, d.direction),
        d.recipient_organisation.name if d.recipient_organisation is not None else "",
        d.external_recipient,
        d.recipient_name,
        RECOMMENDATION_LABELS.get(d.recommendation, d.recommendation),
        BASIS_NAMES.get(d.basis, d.basis),
        _answer(d, "consent", d.consent_position),
        _answer(d, "consent_not_sought_reason", d.consent_not_sought_reason),
        # Advice asked through Infoshare, or got outside it (who from; not what was said).
        _yes_no(bool(d.advice_record) or _advice_elsewhere_given(d)),
        d.advice_elsewhere_from,
        choice_label(Outcome, d.outcome),
        _yes_no(d.departs_from_recommendation),
        d.departure_reason if shows_departure_reason(d) else "",
        _yes_no(d.urgent),
        BASIS_LABELS.get(d.gateway, d.gateway),
        _bases(d.article6),
        _bases(d.article9),
        _bases(d.schedule1),
        choice_label(Method, d.method),
        d.shared_on.isoformat() if d.shared_on else "",
        choice_label(Told, d.person_told),
        str(d.countersigned_by) if d.countersigned_by is not None else "",
        _uk_time(d.countersigned_at),
    )
    return [_cell(value) for value in values]


def cut_short_note(limit: int) -> str:
    """The CSV's last line when there were more records than it holds."""
    return (
        f"This download stops at {limit:,} records: there are more. Narrow the filters, "
        "for example the finalised dates, to download the rest."
    )


def decisions_csv(decisions: Iterable[SharingDecision], *, cut_short_at: int | None = None) -> str:
    """One row per record (``for_csv`` gives what it reads), without names (data
    minimisation): a count of people only. With ``cut_short_at``, there were more records
    than the export's limit, and a last line says so."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for d in decisions:
        writer.writerow(_csv_row(d))
    if cut_short_at is not None:
        writer.writerow([_cell(cut_short_note(cut_short_at))])
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


#: A record's status as the PDFs and the bundle's JSON say it: a draft, plainly, as one.
STATUS_LABELS = {
    "draft": "Draft, not yet finalised",
    "final": "Final",
    "superseded": "Superseded",
}


def _made_by(viewer: Any, organisation: str) -> str:
    """Who made a PDF, as it says so that a stray copy can be traced (as a printed page
    does): "<name> (<their organisation>)"."""
    if viewer is None:
        return ""
    return f"{viewer} ({organisation})" if organisation else str(viewer)


def _their_organisation(viewer: Any, decision: SharingDecision) -> str:
    """The organisation the viewer reads the record for: the recording organisation if they
    work there, otherwise the one it was shared with (nobody else may read it)."""
    if viewer is None:
        return ""
    theirs = {org for _, org, _ in memberships_of(viewer)}
    for organisation in (decision.organisation, decision.recipient_organisation):
        if organisation is not None and organisation.pk in theirs:
            return organisation.name
    return ""


def _record_context(
    decision: SharingDecision,
    advice: list[dict[str, Any]],
    *,
    viewer: Any,
    subject: Person | None = None,
    advice_elsewhere: bool | None = None,
) -> dict[str, Any]:
    """``advice_elsewhere``: whether the rows give the advice got outside Infoshare; by
    default, as ``viewer`` may see advice (``record_rows``)."""
    return {
        "decision": decision,
        "status": STATUS_LABELS.get(decision.status, decision.get_status_display()),
        "rows": record_rows(
            decision, viewer=viewer, subject=subject, advice_elsewhere=advice_elsewhere
        ),
        "recommended": RECOMMENDATION_LABELS.get(decision.recommendation, "Not finalised"),
        "advice": advice,
        # Internal to the recording organisation, as advice is: never a receiving one's.
        "countersign": countersign_shown_to(viewer, decision),
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
    unless they are given it; likewise the countersignature, for the recording
    organisation's staff only. ``versions``: the record's versions the viewer may see
    (``selectors.versions_of``), listed as its history when there is more than one, as on
    the record's page. It says who made it (``viewer`` and their organisation), and when."""
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
            "made_by": _made_by(viewer, _their_organisation(viewer, decision)),
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


def _person_data(person: Person, subject: Person, *, identifiers: bool) -> dict[str, Any]:
    """A person on a record in the bundle: the subject in full (their identifiers only
    where the organisation holds them: ``identifiers``), anyone else by name."""
    if person.pk == subject.pk:
        return person_out(person, identifiers=identifiers) | {"is_subject": True}
    return {"given_name": person.given_name, "family_name": person.family_name, "is_subject": False}


def organisation_names(organisations: Sequence[Any]) -> str:
    """Organisations by name, as a sentence lists them: "A", "A and B", "A, B and C"."""
    names = [str(organisation.name) for organisation in organisations]
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def holds(holders: Sequence[Any]) -> str:
    """The verb after ``organisation_names(holders)``: "A holds", "A and B hold"."""
    return "holds" if len(holders) == 1 else "hold"


def holdings_notice(holders: Sequence[Any], person: Person) -> str:
    """Said on the bundle's cover, in its JSON and in its README: whose
    holdings it covers, and that other entries for the same person are not in it."""
    held_by = organisation_names(holders)
    return (
        f"This covers what {held_by} {holds(holders)} about this entry for {person.full_name}, "
        "recorded "
        f"by {person.organisation.name}: the records {held_by} made about them and the "
        f"records other organisations shared with {held_by} about them. Other entries for "
        "the same person are separate and are not included: an entry recorded by another "
        "organisation, or a second entry for them (a duplicate). Search for the person "
        "and export each of their entries too."
    )


def identifiers_notice(holders: Sequence[Any], person: Person) -> str:
    """Said in the bundle when the organisation did not record the person: it holds their
    name, not their identifiers."""
    return (
        f"Not held by {organisation_names(holders)}. {person.organisation.name} recorded this person "
        "and holds their date of birth, local reference and NHS number: the records "
        "shared about them give their name."
    )


def drafts_notice(count: int) -> str:
    """Said on the bundle's cover and in its JSON: how many drafts it holds, and what they
    are, so that nothing is left out without a word."""
    if not count:
        return "No drafts are included: there are none about this person."
    drafts = "1 draft" if count == 1 else f"{count} drafts"
    return (
        f"This includes {drafts} not yet finalised, each marked \u201cDraft, not yet "
        "finalised\u201d: a record its author is still writing, which may be incomplete and "
        "may change. They are included because a subject access request covers all the "
        "personal data held, drafts included."
    )


def _record_data(
    decision: SharingDecision,
    subject: Person,
    advice: list[dict[str, Any]],
    *,
    received: bool,
    identifiers: bool,
) -> dict[str, Any]:
    """A record in the subject access JSON: the API's record, with what the PDF shows
    beside it in words (its status, who recorded it, where, for whom, who countersigned,
    and the advice asked), and the people on it as the bundle gives them
    (``_person_data``). A record ``received`` from another organisation reads as the
    receiving organisation sees it: without its countersignature, nor the advice got
    outside Infoshare (nor the advice asked, which the caller leaves out)."""
    shows_countersign = not received and decision.countersigned_by is not None
    body = decision_out(decision, viewer=None) | {
        "status_label": STATUS_LABELS.get(decision.status, decision.get_status_display()),
        "held_as": "received" if received else "recorded",
        "people": [
            _person_data(p, subject, identifiers=identifiers) for p in decision.people.all()
        ],
        "organisation": decision.organisation.name,
        "recorded_by": str(decision.author),
        "recipient": decision.recipient_label,
        "recommendation_shown": RECOMMENDATION_LABELS.get(decision.recommendation, ""),
        "countersigned_by": str(decision.countersigned_by) if shows_countersign else None,
        "advice": advice,
    }
    return body | NOT_SHOWN | ADVICE_ELSEWHERE_NOT_SHOWN if received else body


def _held_record_context(
    decision: SharingDecision,
    advice: list[dict[str, Any]],
    *,
    subject: Person,
    received: bool,
    identifiers: bool,
) -> dict[str, Any]:
    """A record in the bundle's PDF. One ``received`` from another organisation reads as
    the receiving organisation sees it: without the advice asked or the countersignature
    (internal to the organisation that made it). Without ``identifiers`` (the holder did
    not record the person), nobody's date of birth is given."""
    context = _record_context(
        decision,
        [] if received else advice,
        viewer=None,
        subject=subject if identifiers else None,
        advice_elsewhere=not received,
    )
    return context | {"received": received, "countersign": context["countersign"] and not received}


def subject_access_bundle(
    person: Person,
    decisions: list[SharingDecision],
    *,
    holders: Sequence[Any],
    received: Collection[int] = frozenset(),
    made_by: Any = None,
    advice: dict[int, list[dict[str, Any]]] | None = None,
) -> bytes:
    """A zip of `records.pdf` and `records.json`, with the same records and content: the
    records about the person entry that ``holders`` (the exporting advisor's
    organisations: ``selectors.people.subject_access_holders``) hold, as the caller
    chooses them (``selectors.people.records_held_about``): those they made, finalised
    and drafts, each draft marked as one and their number said on the cover, with the
    advice asked from each (``advice`` by record id, the organisation's own, disclosed to
    the person it is about; the advice kept with the record where not given); and those
    other organisations shared with them (``received``, by record id), as a receiving
    organisation sees them: no advice, no countersignature. The person's own identifiers
    are given in full where a holder recorded the person (otherwise their name only, as
    the holder knows them); other people on a record by name only, and the bundle says
    that what it holds about them must be reviewed before release. It says whose holdings
    it covers, that the person's other entries are not in it, who made it (``made_by``)
    and when."""
    title = f"Information sharing records about {person.full_name}"
    identifiers = any(holder.pk == person.organisation_id for holder in holders)
    held_by = organisation_names(holders)
    holdings = holdings_notice(holders, person)
    given = advice or {}
    advice_of = {
        d.pk: [] if d.pk in received else given.get(d.pk, d.advice_record) for d in decisions
    }
    drafts = drafts_notice(sum(d.is_draft for d in decisions))
    made_at = timezone.now()
    html = render_to_string(
        "decisions/pdf/records.html",
        {
            "records": [
                _held_record_context(
                    d,
                    advice_of[d.pk],
                    subject=person,
                    received=d.pk in received,
                    identifiers=identifiers,
                )
                for d in decisions
            ],
            "title": title,
            "made_at": made_at,
            "made_by": _made_by(made_by, held_by),
            "subject": person,
            "identifiers": identifiers,
            "identifiers_notice": "" if identifiers else identifiers_notice(holders, person),
            "held_by": held_by,
            "holdings_notice": holdings,
            "notice": THIRD_PARTY_NOTICE,
            "drafts_notice": drafts,
        },
    )
    data = {
        "person": {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "recorded_by": person.organisation.name,
            "date_of_birth": person.date_of_birth if identifiers else None,
            "local_reference": person.local_reference if identifiers else "",
            "nhs_number": person.nhs_number if identifiers else "",
        },
        "held_by": [holder.name for holder in holders],
        "holdings_notice": holdings,
        "third_party_notice": THIRD_PARTY_NOTICE,
        "drafts_included": sum(d.is_draft for d in decisions),
        "drafts_notice": drafts,
        "exported_at": made_at,
        "exported_by": _made_by(made_by, held_by) or None,
        "records": [
            _record_data(
                d,
                person,
                advice_of[d.pk],
                received=d.pk in received,
                identifiers=identifiers,
            )
            for d in decisions
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("records.pdf", html_to_pdf(html))
        bundle.writestr("records.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2))
        bundle.writestr(
            "README.txt",
            BUNDLE_README.format(
                title=title, made_at=datetime_text(made_at), holdings_notice=holdings
            ),
        )
    return buffer.getvalue()


#: What each file of a subject access bundle holds, for whoever answers the request.
BUNDLE_README = """{title}
Made on {made_at} (UK time) by Infoshare.

{holdings_notice}

records.pdf   The records, in words, to read and, once reviewed, to release.
records.json  The same records as data, for systems and for redaction tools.
README.txt    This file.

Before release, review what the records say about anyone else (third_party_notice).

records.json holds:
- person: the person the request is about, the organisation that recorded them
  (recorded_by), and their identifiers where the organisation holds them (where it
  only received records about them, it holds their name: the identifiers are empty).
- held_by, holdings_notice: the organisations whose holdings the bundle covers, and
  that the person's other entries (recorded by another organisation, or a duplicate)
  are not in it and should be searched for too.
- third_party_notice, drafts_included, drafts_notice: what to check before release, and
  how many records are drafts not yet finalised (status "draft").
- exported_at, exported_by: when and by whom the bundle was made.
- records: one entry a record version, newest first, drafts last. held_as says whether
  the organisation made the record ("recorded") or another organisation shared it with
  them ("received": as the receiving organisation sees it, without the advice asked or
  the countersignature, which stay with the organisation that made it). Each has the
  fields of the service's API for a decision record (their meanings and every code, such
  as outcome "shared_in_part" or basis "art6_1_e", are in the API documentation at
  /api-documentation and /api/schema), and beside them in words: status_label,
  organisation, recorded_by, recipient, recommendation_shown, countersigned_by and
  advice. The people on a record are named; only this person's identifiers are given.
- recommendation, basis: what the guidance recommended when the record was finalised;
  evaluation: the guidance's evaluation of the record's answers, worked out again when
  the bundle was made (the same edition of the guidance gives the same result).
"""
