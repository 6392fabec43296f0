"""The API documentation page: the GOV.UK layout, public, read from the OpenAPI schema."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from infoshare.api.docs import describe_type, with_code
from infoshare.api.router import api

URL = "/api-documentation"


def _page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_is_public_and_uses_the_service_layout(client, db) -> None:
    assert reverse("api:documentation") == URL
    html = _page(client)
    assert '<html lang="en-GB"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert html.count("<h1") == 1
    assert '<h1 class="govuk-heading-xl">API documentation</h1>' in html
    assert "<title>API documentation \N{EN DASH} Infoshare</title>" in html
    assert "style=" not in html
    assert "<script>" not in html


def test_every_operation_of_the_schema_is_described(client, db) -> None:
    html = _page(client)
    schema = api.get_openapi_schema()
    count = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            count += 1
            block = html.split(f'id="{operation["operationId"]}"', 1)[1].split("</div>", 1)[0]
            assert operation["summary"].replace("'", "&#x27;") in block
            assert f"{method.upper()}</strong> <code>{path}</code>" in block
            for param in operation.get("parameters", []):
                assert f"<code>{param['name']}</code>" in block, (path, param["name"])
    assert count >= 20


def test_parameters_show_where_their_type_and_whether_required(client, db) -> None:
    html = _page(client)
    block = html.split('id="infoshare_decisions_api_decisions_decision_list"', 1)[1]
    block = block.split("</div>", 1)[0]
    row = re.search(r"<code>date_from</code></th>(.*?)</tr>", block, re.S)
    assert row is not None
    cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]
    assert cells == [
        "query",
        "string (date) or null",
        "No",
        "Records finalised on or after this day (UK time), as YYYY-MM-DD",
    ]
    row = re.search(r"<code>urgent</code></th>(.*?)</tr>", block, re.S)
    assert row is not None
    assert "Default: false" in row.group(1)  # JSON, as a client sends it


def test_request_bodies_list_their_fields(client, db) -> None:
    html = _page(client)
    block = html.split('id="infoshare_advice_api_create_advice_request"', 1)[1]
    block = block.split("<h3", 1)[0]  # the operation, its parameters table included
    assert "JSON body (AdviceRequestIn)" in block


def test_authentication_errors_and_idempotency_are_explained(client, db) -> None:
    html = _page(client)
    assert "Authenticate with a personal API token" in html
    assert f'href="{reverse("accounts:tokens")}"' in html
    assert "Authorization: Bearer isk_..." in html
    assert '"error": {' in html
    assert '"code": "invalid"' in html.replace("&quot;", '"')
    assert "<code>Idempotency-Key</code>" in html
    assert 'href="#infoshare_decisions_api_decisions_decision_create"' in html


def test_links_to_the_openapi_json_and_the_explorer_as_a_developer_tool(client, db) -> None:
    html = _page(client)
    assert f'href="{reverse("api-1:openapi-json")}"' in html
    assert "OpenAPI 3 description of the API (JSON)" in html
    explorer = reverse("api-1:openapi-view")
    assert (
        f'<a class="govuk-link" href="{explorer}">Interactive API explorer (developer tool)</a>'
        in html
    )
    assert client.get(reverse("api-1:openapi-json")).status_code == 200


@pytest.mark.parametrize("url", ["core:accessibility", "account_login", "core:cookies"])
def test_the_footer_links_to_the_accessible_page(client, db, url) -> None:
    html = client.get(reverse(url)).content.decode()
    assert f'<a class="govuk-footer__link" href="{URL}">API documentation</a>' in html
    assert reverse("api-1:openapi-view") not in html


def test_signed_in_people_see_it_too(client, practitioner) -> None:
    client.force_login(practitioner)
    assert "Authenticate with a personal API token" in _page(client)


def test_types_are_described_in_words() -> None:
    assert describe_type({"type": "string", "format": "date"}) == "string (date)"
    assert describe_type({"type": "array", "items": {"type": "integer"}}) == "list of integer"
    assert describe_type({"$ref": "#/components/schemas/TeamOut"}) == "TeamOut"
    assert describe_type({"anyOf": [{"type": "integer"}, {"type": "null"}]}) == "integer or null"
    assert describe_type({"enum": ["a", "b"]}) == "one of a, b"


def test_descriptions_are_escaped_and_backticks_become_code() -> None:
    assert with_code("Send `Idempotency-Key` <b>now</b>") == (
        "Send <code>Idempotency-Key</code> &lt;b&gt;now&lt;/b&gt;"
    )
    assert with_code("``organisation_id`` is needed") == "<code>organisation_id</code> is needed"


def test_every_error_status_the_api_documents_is_explained(client, db) -> None:
    from infoshare.core.api import ERRORS

    html = _page(client)
    for status in ERRORS:
        assert f'govuk-summary-list__key">{status}</dt>' in html, status


def test_the_page_says_what_a_token_may_do_and_how_many_requests(client, db, settings) -> None:
    from infoshare.api.docs import documentation, rate_words

    settings.API_RATE_LIMIT = "240/min"
    settings.API_WRITE_RATE_LIMIT = "60/min"
    documentation.cache_clear()
    try:
        html = _page(client)
    finally:
        documentation.cache_clear()
    assert "<strong>read only</strong> (the default)" in html
    assert "<code>token_read_only</code>" in html
    assert "send up to 240 requests a minute, of which up to 60 a minute may change" in html
    assert '<dt class="govuk-summary-list__key">429</dt>' in html
    # The schema's own paragraphs on tokens and limits are said by the page in its own words.
    assert "**" not in html
    assert rate_words("240/min") == "240 a minute"
    assert rate_words("10/h", "requests") == "10 requests an hour"
