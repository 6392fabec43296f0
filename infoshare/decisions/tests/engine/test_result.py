"""The evaluation's JSON shape follows the HTTP contract (domain spec section 4)."""

import json

from infoshare.decisions.engine import evaluate


def test_as_dict_has_exactly_the_contract_fields() -> None:
    body = evaluate({"purpose": "yes", "legal_duty": "yes"}).as_dict()

    assert list(body) == [
        "recommendation",
        "basis",
        "next_question",
        "advice_on",
        "safeguarding_alert",
        "checklist",
        "explanation",
    ]
    assert isinstance(body["checklist"], list)
    assert json.loads(json.dumps(body)) == body


def test_incomplete_result_serialises_nulls_and_an_empty_checklist() -> None:
    body = evaluate({}).as_dict()

    assert body["basis"] is None
    assert body["advice_on"] is None
    assert body["next_question"] == "purpose"
    assert body["checklist"] == []
    assert body["safeguarding_alert"] is False
