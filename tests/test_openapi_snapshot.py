"""The published API description (docs/openapi.json) matches the code. After changing an
endpoint, run `make schema` and review the diff like any other change."""

import json
from pathlib import Path

from infoshare.api.router import api

SNAPSHOT = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"


def test_the_openapi_snapshot_matches_the_code() -> None:
    current = json.loads(json.dumps(api.get_openapi_schema(), sort_keys=True))
    stored = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    changed = sorted(set(current["paths"]) ^ set(stored["paths"]))
    assert changed == [], f"paths added or removed since the snapshot: {changed}; run make schema"
    assert current == stored, "the API changed since docs/openapi.json: run make schema"


def test_the_decision_support_contract_is_published() -> None:
    paths = json.loads(SNAPSHOT.read_text(encoding="utf-8"))["paths"]
    assert "post" in paths["/api/v1/decision-support/evaluate"]
    assert "/api/v1/me" in paths
