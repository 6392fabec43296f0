"""Production static files: the hashed ``app.mjs`` imports the hashed copies of its
modules, so a release never runs a new module against an old one a browser cached."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage

from infoshare.core.static_storage import StaticFilesStorage

STATIC = Path(settings.BASE_DIR) / "infoshare" / "static"
MODULES = ["dist/app.mjs", "dist/govuk-frontend.min.js", "dist/timeout-warning.mjs"]


@pytest.mark.skipif(
    not (STATIC / "dist" / "app.mjs").exists(), reason="the front end is not built (make install)"
)
def test_the_hashed_app_module_imports_hashed_modules(tmp_path: Path) -> None:
    # What collectstatic does, for the front end's modules alone (all of it takes minutes).
    source = FileSystemStorage(location=STATIC)
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    for name in MODULES:
        with source.open(name) as file:
            storage.save(name, file)
    for _name, _hashed, processed in storage.post_process({n: (source, n) for n in MODULES}):
        assert not isinstance(processed, Exception), processed
    app = tmp_path / storage.stored_name("dist/app.mjs")
    assert re.fullmatch(r"app\.[0-9a-f]{12}\.mjs", app.name)
    imports = sorted(re.findall(r'^import .* from "(.+)";$', app.read_text(), flags=re.M))
    assert len(imports) == 2
    assert re.fullmatch(r"\./govuk-frontend\.min\.[0-9a-f]{12}\.js", imports[0])
    assert re.fullmatch(r"\./timeout-warning\.[0-9a-f]{12}\.mjs", imports[1])
    for name in imports:
        assert (app.parent / name).exists()
