"""Properties over every combination of valid, possibly partial, answers."""

from hypothesis import given
from hypothesis import strategies as st

from infoshare.decisions.engine import RECOMMENDATIONS, evaluate, get_edition, next_unanswered

EDITION = get_edition("hmg-2008")
ORDER = [q.key for q in EDITION.questions]


def answers(exclude: frozenset[str] = frozenset()) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries(
        {},
        optional={
            q.key: st.sampled_from([v for v in q.values if v not in exclude])
            for q in EDITION.questions
        },
    )


@given(answers())
def test_engine_never_raises_and_returns_a_consistent_result(given_answers: dict[str, str]) -> None:
    result = evaluate(given_answers)

    assert result.recommendation in RECOMMENDATIONS
    assert bool(result.checklist) == (result.recommendation == "share")
    assert (result.basis is not None) == (result.recommendation == "share")
    assert (result.advice_on is not None) == (result.recommendation == "seek_advice")
    assert (result.next_question is not None) == (result.recommendation == "incomplete")
    assert result.safeguarding_alert == (given_answers.get("risk_of_significant_harm") == "yes")
    assert result.explanation


@given(answers(), st.sampled_from([q.key for q in EDITION.questions if "not_sure" in q.values]))
def test_not_sure_anywhere_recommends_seek_advice_on_the_first_not_sure_question(
    given_answers: dict[str, str], key: str
) -> None:
    given_answers = {**given_answers, key: "not_sure"}

    result = evaluate(given_answers)

    first = next(k for k in ORDER if given_answers.get(k) == "not_sure")
    assert result.recommendation == "seek_advice"
    assert result.advice_on == first


@given(answers(exclude=frozenset({"not_sure"})))
def test_without_not_sure_the_engine_never_recommends_seek_advice(
    given_answers: dict[str, str],
) -> None:
    assert evaluate(given_answers).recommendation != "seek_advice"


@given(answers())
def test_next_question_is_unanswered_asked_and_the_flows_next_page(
    given_answers: dict[str, str],
) -> None:
    result = evaluate(given_answers)

    if result.next_question is not None:
        question = EDITION.question(result.next_question)
        assert result.next_question not in given_answers
        assert question.asked_when(given_answers, EDITION)
        assert not question.flag
        assert next_unanswered(given_answers) == result.next_question


@given(answers())
def test_flow_is_done_only_when_the_engine_has_a_recommendation(
    given_answers: dict[str, str],
) -> None:
    if next_unanswered(given_answers) is None:
        assert evaluate(given_answers).recommendation != "incomplete"


@given(st.data())
def test_following_the_flow_always_reaches_a_recommendation(data: st.DataObject) -> None:
    flow: dict[str, str] = {}
    for _ in EDITION.key_questions:
        key = next_unanswered(flow)
        if key is None:
            break
        flow[key] = data.draw(st.sampled_from(EDITION.question(key).values), label=key)
    else:
        assert next_unanswered(flow) is None

    result = evaluate(flow)
    assert result.recommendation != "incomplete"
    if result.recommendation == "share":
        assert "appropriate_and_secure" in flow
