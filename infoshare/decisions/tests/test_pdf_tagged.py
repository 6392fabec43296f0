"""The PDFs are accessible documents (PDF/UA-1): tagged, with their language and title, a
structure tree a screen reader can walk, and real text; and making them fetches nothing
but their own fonts."""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast

import pytest
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from infoshare.decisions import exports
from infoshare.decisions.tests.factories import make_decision, make_person

NAME = "Ольга Łukasiewicz"


def _record_pdf(client: Any, decision: Any) -> bytes:
    response = client.get(reverse("decisions:decision_pdf", kwargs={"decision_id": decision.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return bytes(response.content)


def _subject_access_pdf(client: Any, person: Any) -> bytes:
    response = client.get(reverse("decisions:subject_access", kwargs={"person_id": person.pk}))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content)).read("records.pdf")


def _structure(pdf: PdfReader) -> list[tuple[int, str, Any]]:
    """The structure tree, depth first: (depth, role such as "H1", element)."""
    found: list[tuple[int, str, Any]] = []

    def walk(element: Any, depth: int) -> None:
        element = element.get_object()
        if not isinstance(element, DictionaryObject) or "/S" not in element:
            return  # a marked-content id or an annotation: the leaves
        found.append((depth, str(element["/S"]).lstrip("/"), element))
        kids = element.get("/K")
        if kids is None:
            return
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid, depth + 1)

    catalog: Any = pdf.trailer["/Root"]
    root = catalog["/StructTreeRoot"].get_object()
    for top in root["/K"]:
        walk(top, 0)
    return found


def _text(pdf: PdfReader) -> str:
    return " ".join(page.extract_text() for page in pdf.pages)


def assert_accessible(content: bytes, *, title: str) -> PdfReader:
    """What PDF/UA-1 asks of the document as a whole, read from the file itself."""
    pdf = PdfReader(io.BytesIO(content))
    catalog: Any = pdf.trailer["/Root"]
    # Tagged: a structure tree, and marked as tagged (xhtml2pdf wrote neither).
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"].value is True
    # Its language, for the screen reader's voice, and its title, shown instead of the
    # file name ("Decision record ISD-2026-000005", not "ISD-2026-000005-v1.pdf").
    assert catalog["/Lang"] == "en-GB"
    assert pdf.metadata is not None
    assert pdf.metadata.title == title
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    # It says which standard it meets, in its XMP metadata.
    xmp = catalog["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp
    assert title.encode() in xmp
    return pdf


def test_a_records_pdf_is_a_tagged_pdf_with_its_language_and_its_reference_as_title(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org, given_name="Ольга", family_name="Łukasiewicz")
    decision = make_decision(author=practitioner, organisation=home_org, people=[person])
    client.force_login(practitioner)
    pdf = assert_accessible(
        _record_pdf(client, decision), title=f"Decision record {decision.reference}"
    )
    # The name is text (each letter mapped to Unicode), not a picture of it or boxes.
    assert NAME in _text(pdf)
    tree = _structure(pdf)
    roles = [role for _, role, _ in tree]
    # The headings in order: the record's title, then the record.
    assert [role for role in roles if re.fullmatch(r"H\d", role)] == ["H1", "H2"]
    assert roles.index("H1") < roles.index("H2") < roles.index("Table")
    # The record is a table whose every row has a header cell, and each data cell
    # names its row's header, so a screen reader says "Purpose: ..." for the answer.
    rows = [element for _, role, element in tree if role == "TR"]
    assert len(rows) > 10
    for row in rows:
        cells = [kid.get_object() for kid in row["/K"]]
        assert [str(cell["/S"]) for cell in cells] == ["/TH", "/TD"]
        header, data = cells
        assert list(data["/A"]["/Headers"]) == [header["/ID"]]


def test_an_amended_records_pdf_lists_its_versions_in_a_table_with_column_headers(
    client: Any, practitioner: Any, home_org: Any
) -> None:
    first = make_decision(author=practitioner, organisation=home_org, status="superseded")
    second = make_decision(
        author=practitioner,
        organisation=home_org,
        reference=first.reference,
        version=2,
        previous=first,
        amendment_reason="Wrong date of sharing",
    )
    client.force_login(practitioner)
    pdf = assert_accessible(
        _record_pdf(client, second), title=f"Decision record {second.reference} (version 2)"
    )
    tree = _structure(pdf)
    assert [role for _, role, _ in tree if re.fullmatch(r"H\d", role)] == ["H1", "H2", "H3"]
    history = [element for _, role, element in tree if role == "Table"][-1]
    parts = [kid.get_object() for kid in history["/K"]]
    assert [str(part["/S"]) for part in parts] == ["/Caption", "/THead", "/TBody"]
    column_headers = [cell.get_object() for cell in parts[1]["/K"][0].get_object()["/K"]]
    assert [str(cell["/S"]) for cell in column_headers] == ["/TH", "/TH"]
    # Each version's row: the version as its header; its cell is read with that and the
    # column's header ("Version 2 (this one), Status, by, reason: Final, ...").
    version_rows = [kid.get_object() for kid in parts[2]["/K"]]
    assert len(version_rows) == 2
    for row in version_rows:
        version, data = (kid.get_object() for kid in row["/K"])
        assert str(version["/S"]) == "/TH"
        assert list(data["/A"]["/Headers"]) == [version["/ID"], column_headers[1]["/ID"]]
    text = _text(pdf)
    assert "2 (this one)" in text
    assert "Wrong date of sharing" in text


def test_a_subject_access_pdf_is_tagged_with_the_persons_name_as_text(
    client: Any, advisor: Any, home_org: Any
) -> None:
    person = make_person(organisation=home_org, given_name="Ольга", family_name="Łukasiewicz")
    make_decision(organisation=home_org, people=[person])
    make_decision(organisation=home_org, people=[person])
    client.force_login(advisor)
    pdf = assert_accessible(
        _subject_access_pdf(client, person), title=f"Information sharing records about {NAME}"
    )
    text = _text(pdf)
    assert text.count(NAME) >= 3  # the title, the person's table, each record's people
    roles = [role for _, role, _ in _structure(pdf)]
    assert [role for role in roles if re.fullmatch(r"H\d", role)] == ["H1", "H2", "H2"]
    # The person's table is named by its caption.
    assert roles[roles.index("Table") + 1] == "Caption"


# --- Nothing is fetched but the fonts ----------------------------------------------


class _Counting(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        _Counting.requests.append(self.path)
        body = b"h1::after { content: 'LEAKED-HTTP'; }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    """A web server on this machine's loopback address that counts what it is asked for."""
    _Counting.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_making_a_pdf_fetches_no_address_and_reads_no_file_but_its_fonts(
    local_server: str, tmp_path: Path, settings: Any
) -> None:
    """Whatever the HTML asks for (stylesheets, images, attachments, fonts, by http or
    from a file, or a font's address climbing out of the static folder), only the two
    font files are read: had anything else been fetched, its text would be printed."""
    (tmp_path / "secret.css").write_text("body::after { content: 'LEAKED-FILE'; }")
    (tmp_path / "secret.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="20">'
        '<text x="0" y="15">LEAKED-SVG</text></svg>'
    )
    (tmp_path / "secret.txt").write_text("LEAKED-ATTACHMENT")
    # A font file named by its path, though it is one of the fonts the PDF may read.
    font_file = exports.pdf_font_files()["dist/fonts/DejaVuSans-Bold.ttf"].as_uri()
    files = tmp_path.as_uri()
    html = f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>T</title>
<link rel="stylesheet" href="{local_server}/style.css">
<link rel="stylesheet" href="{files}/secret.css">
<link rel="attachment" href="{files}/secret.txt" title="secret">
<style>
  @import url("{local_server}/imported.css");
  @font-face {{ font-family: Body; src: url("static:dist/fonts/DejaVuSans.ttf"); }}
  @font-face {{ font-family: Stolen; src: url("{font_file}"); }}
  @font-face {{ font-family: Climbing; src: url("static:dist/fonts/../../../settings.py"); }}
  body {{ font-family: Body; background: url("{local_server}/background.png"); }}
  h1 {{ font-family: Stolen, Climbing; font-weight: normal; }}
</style></head>
<body><h1>Hello Ольга</h1>
<img src="{files}/secret.svg" alt="a picture">
<img src="{local_server}/picture.png" alt="another">
<a rel="attachment" href="{local_server}/file.txt">attached</a>
</body></html>"""
    pdf = PdfReader(io.BytesIO(exports.html_to_pdf(html)))
    assert _Counting.requests == []
    text = _text(pdf)
    assert "Hello Ольга" in text
    assert "LEAKED" not in text
    assert pdf.attachments == {}
    # The PDF names each face it embeds by its CSS family: the one given by the static
    # name is there, the one given by a file's path is not, nor the one climbing out.
    faces = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in pdf.pages
        for font in cast(Any, page["/Resources"])["/Font"].values()
    }
    assert "Body" in faces
    assert [face for face in faces if face.startswith(("Stolen", "Climbing"))] == []


def test_the_system_checks_name_missing_text_libraries(monkeypatch: pytest.MonkeyPatch) -> None:
    from infoshare.decisions import checks

    monkeypatch.setattr(checks, "find_library", lambda name: None if "pango" in name else name)
    [message] = checks.pdf_fonts()
    assert message.id == "decisions.W002"
    assert "pango-1.0, pangoft2-1.0 are missing" in message.msg
    assert "apt-get install libpango-1.0-0" in message.msg
