from enum import StrEnum

from infoshare.audit import labels


class _Sample(StrEnum):
    THING_DONE = "sample.thing_done"


def test_a_registered_action_gets_a_readable_label() -> None:
    labels.register(_Sample)
    assert labels.label_for("sample.thing_done") == "Sample: thing done"


def test_an_unregistered_action_shows_its_raw_value() -> None:
    assert labels.label_for("nobody.registered_this") == "nobody.registered_this"


def test_choices_are_sorted_by_label_and_include_stored_actions() -> None:
    values = [value for value, _ in labels.choices(["zzz.stored"])]
    assert "zzz.stored" in values
    assert "audit.exported" in values
