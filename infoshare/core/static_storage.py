"""Production static files: whitenoise's hashed, compressed files, with the hashed names
written into JavaScript modules' imports too.

``dist/app.mjs`` imports ``./govuk-frontend.min.js`` and ``./timeout-warning.mjs``. Without
this, its hashed copy still imported the unhashed files: a browser kept an old module
(cached for a year) after a release, or met a name the next release no longer serves.
Django can rewrite module imports (``support_js_module_import_aggregation``), but only in
``*.js`` files, and switched on it fails collectstatic: django-htmx ships
``django_htmx/ext/hx-sse-2.js``, which imports ``./htmx`` with no extension. So Django's
patterns are applied to the front end's own modules, the ``*.mjs`` files, alone."""

from __future__ import annotations

from django.contrib.staticfiles.storage import HashedFilesMixin
from whitenoise.storage import CompressedManifestStaticFilesStorage

#: Django's patterns for ``import … from "./x.js";``, ``export … from``, bare and dynamic
#: imports (the ones it applies to ``*.js``).
_MODULE_IMPORTS = HashedFilesMixin._js_module_import_aggregation_patterns[1]  # type: ignore[attr-defined]


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = (*CompressedManifestStaticFilesStorage.patterns, ("*.mjs", _MODULE_IMPORTS))
