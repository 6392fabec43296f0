"""The subject access link on a person's page says that it downloads a ZIP file (of a PDF
and a JSON file), as GOV.UK asks of a link to a file."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from infoshare.decisions.tests.factories import make_decision, make_person

LINK_TEXT = (
    "Download all records Home Council holds about this person "
    "(subject access: a ZIP file holding a PDF and a JSON file)"
)


def test_the_link_says_it_downloads_a_zip_file(client: Any, advisor: Any, home_org: Any) -> None:
    person = make_person(organisation=home_org)
    make_decision(organisation=home_org, people=[person])
    client.force_login(advisor)
    page = client.get(reverse("decisions:person_detail", kwargs={"person_id": person.pk}))
    export = reverse("decisions:subject_access", kwargs={"person_id": person.pk})
    assert f'<a class="govuk-link" href="{export}">{LINK_TEXT}</a>' in page.content.decode()
    download = client.get(export)
    assert download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"].endswith('.zip"')
