"""Reading and checking an HR export of staff (CSV) before anything is saved.

Format: a header row naming ``name,email,organisation_identifier,role,team`` (any
order, extra columns ignored), UTF-8 with or without a byte order mark. An empty
``organisation_identifier`` means the organisation the file is uploaded to."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from infoshare.accounts.models import User
from infoshare.core.errors import DomainError
from infoshare.core.roles import Role
from infoshare.core.text import control_problem
from infoshare.partnerships import errors as msg
from infoshare.partnerships.models import Membership, Organisation

COLUMNS = ("name", "email", "organisation_identifier", "role", "team")
NEW_PERSON = "new_person"
NEW_MEMBERSHIP = "new_membership"
UNCHANGED = "unchanged"
_CHUNK = 500  # stays under SQLite's parameter limit


def _file_error(code: str, message: str) -> DomainError:
    return DomainError(code, message, field="file")


def parse_csv(content: bytes, *, max_rows: int) -> list[dict[str, Any]]:
    """The file's rows as dicts with the five columns and ``line`` (1 = header)."""
    if len(content) > msg.IMPORT_MAX_BYTES:
        raise _file_error("file_too_big", msg.FILE_TOO_BIG)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _file_error("file_not_utf8", msg.FILE_NOT_UTF8) from exc
    if "\x00" in text:
        raise _file_error("file_bad_csv", msg.FILE_BAD_CSV)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise _file_error("file_empty", msg.FILE_EMPTY)
        names = [column.strip().lower() for column in header]
        missing = [column for column in COLUMNS if column not in names]
        if missing:
            raise _file_error(
                "file_missing_columns",
                msg.FILE_MISSING_COLUMNS.format(
                    columns=", ".join(COLUMNS), missing=", ".join(missing)
                ),
            )
        index = {column: names.index(column) for column in COLUMNS}
        rows: list[dict[str, Any]] = []
        for values in reader:
            if not any(value.strip() for value in values):
                continue  # blank lines, often at the end of an export
            if len(rows) >= max_rows:
                raise _file_error("file_too_many_rows", msg.FILE_TOO_MANY_ROWS.format(max=max_rows))
            row: dict[str, Any] = {"line": reader.line_num}
            for column, position in index.items():
                row[column] = values[position].strip() if position < len(values) else ""
            rows.append(row)
    except csv.Error as exc:
        raise _file_error("file_bad_csv", msg.FILE_BAD_CSV) from exc
    if not rows:
        raise _file_error("file_empty", msg.FILE_EMPTY)
    return rows


def _role_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in Role.choices:
        lookup[value] = value
        lookup[str(label).lower()] = value
    return lookup


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _check_fields(
    row: dict[str, Any],
    *,
    seen: dict[str, int],
    grantable: frozenset[str],
    organisations: dict[str, int],
    default_org: int,
    unknown_org: str,
) -> list[str]:
    problems: list[str] = []
    name, email, role = row["name"], row["email"].lower(), row["role"]
    identifier, team = row["organisation_identifier"], row["team"]
    row["email"] = email
    if not name:
        problems.append(msg.ROW_NAME_EMPTY)
    elif len(name) > msg.NAME_MAX:
        problems.append(msg.ROW_NAME_LONG)
    elif problem := control_problem(name, label="Name", one_line=True):
        problems.append(problem)
    if len(email) > msg.EMAIL_MAX:
        problems.append(msg.ROW_EMAIL_LONG)
    else:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(msg.ROW_EMAIL_BAD)
        else:
            if email in seen:
                problems.append(msg.ROW_EMAIL_DUPLICATE.format(line=seen[email]))
            else:
                seen[email] = row["line"]
    code = _role_lookup().get(role.lower()) if len(role) <= msg.ROLE_MAX else None
    if code is None:
        problems.append(msg.ROW_ROLE_UNKNOWN.format(roles=", ".join(Role.values)))
    elif code not in grantable:
        problems.append(msg.ROW_ROLE_NOT_GRANTABLE.format(role=code))
    row["role"] = code or role
    row["organisation_id"] = None
    if len(identifier) > msg.IDENTIFIER_MAX:
        problems.append(msg.ROW_IDENTIFIER_LONG)
    elif not identifier:
        row["organisation_id"] = default_org
    elif identifier.lower() in organisations:
        row["organisation_id"] = organisations[identifier.lower()]
    else:
        problems.append(unknown_org)
    if len(team) > msg.TEAM_MAX:
        problems.append(msg.ROW_TEAM_LONG)
    elif problem := control_problem(team, label="Team", one_line=True):
        problems.append(problem)
    return problems


def check_rows(
    rows: list[dict[str, Any]],
    *,
    organisation: Organisation,
    grantable: frozenset[str],
    partnership_wide: bool,
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Each row with its ``problems`` and ``outcome``, and the summary counts.

    An organisation administrator may import only into their organisation; a
    partnership administrator into any organisation of the partnership."""
    if partnership_wide:
        targets = Organisation.objects.filter(partnership_id=organisation.partnership_id)
    else:
        targets = Organisation.objects.filter(pk=organisation.pk)
    organisations = {
        ident.lower(): pk for pk, ident in targets.values_list("pk", "identifier") if ident
    }
    unknown_org = msg.ROW_ORG_NOT_IN_PARTNERSHIP if partnership_wide else msg.ROW_ORG_UNKNOWN
    seen: dict[str, int] = {}
    checked = []
    for raw in rows:
        row: dict[str, Any] = {column: str(raw.get(column, "") or "") for column in COLUMNS}
        row["line"] = int(raw.get("line", 0))
        row["problems"] = _check_fields(
            row,
            seen=seen,
            grantable=grantable,
            organisations=organisations,
            default_org=organisation.pk,
            unknown_org=unknown_org,
        )
        row["outcome"] = ""
        checked.append(row)
    _classify(
        checked, partnership_id=organisation.partnership_id, partnership_wide=partnership_wide
    )
    return checked, summarise(checked)


def summarise(rows: list[dict[str, Any]]) -> dict[str, int]:
    """The counts the preview and the status page show."""
    return {
        "rows": len(rows),
        "new_people": sum(1 for r in rows if r["outcome"] == NEW_PERSON),
        "new_memberships": sum(1 for r in rows if r["outcome"] in (NEW_PERSON, NEW_MEMBERSHIP)),
        "unchanged": sum(1 for r in rows if r["outcome"] == UNCHANGED),
        "problems": sum(1 for r in rows if r["problems"]),
    }


def _classify(rows: list[dict[str, Any]], *, partnership_id: int, partnership_wide: bool) -> None:
    """Sets each good row's outcome: a new person, a new role for a known person, or unchanged.

    An account with no role, now or before, in this partnership (another partnership's,
    or nobody's) is not this partnership's to describe. An organisation administrator
    cannot add it (only a partnership administrator attaches it:
    ``rules.may_add_existing_account``), and the row says only that, in the words a single
    invitation uses, whether the account is active or deactivated
    (``services.people.invite_person``). A partnership administrator adds it when it is
    active, as a single invitation does; a deactivated one is invited on its own (which
    starts it afresh), never called deactivated here."""
    good = [row for row in rows if not row["problems"]]
    emails = [row["email"] for row in good]
    people: dict[str, tuple[int, bool]] = {}
    for chunk in _chunks(emails):
        for pk, email, active in User.objects.filter(email__in=chunk).values_list(
            "pk", "email", "is_active"
        ):
            people[email] = (pk, active)
    ids = [pk for pk, _ in people.values()]
    ours: set[int] = set()
    held: set[tuple[int, int, str]] = set()
    for chunk in _chunks(ids):
        ours.update(
            Membership.objects.filter(
                person_id__in=chunk, organisation__partnership_id=partnership_id
            ).values_list("person_id", flat=True)
        )
        held.update(
            Membership.objects.active()
            .filter(person_id__in=chunk)
            .values_list("person_id", "organisation_id", "role")
        )
    for row in good:
        person = people.get(row["email"])
        if person is None:
            row["outcome"] = NEW_PERSON
        elif person[0] not in ours and not partnership_wide:
            row["problems"].append(msg.ROW_CANNOT_ADD_ACCOUNT)
        elif person[0] not in ours and not person[1]:
            row["problems"].append(msg.ROW_INVITE_ON_THEIR_OWN)
        elif not person[1]:
            row["problems"].append(msg.ROW_PERSON_DEACTIVATED)
        elif (person[0], row["organisation_id"], row["role"]) in held:
            row["outcome"] = UNCHANGED
        else:
            row["outcome"] = NEW_MEMBERSHIP


#: The problems of a row naming an account that is not this partnership's.
NOT_ADDABLE = (msg.ROW_CANNOT_ADD_ACCOUNT, msg.ROW_INVITE_ON_THEIR_OWN)


def not_addable(rows: list[dict[str, Any]]) -> list[str]:
    """The email addresses of the rows naming an account that is not this partnership's
    (for the audit trail only: the rows say no more than that they cannot be added)."""
    return sorted({row["email"] for row in rows if set(row["problems"]) & set(NOT_ADDABLE)})
