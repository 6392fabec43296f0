"""The lawful bases to record, with those the answers point to listed first."""

from infoshare.decisions.engine.lawful_bases import (
    ARTICLE_6,
    ARTICLE_9,
    CRIMINAL_OFFENCE_NEEDS_CONDITION,
    GATEWAYS,
    SCHEDULE_1,
    LawfulBasis,
    information_problems,
    likely_bases,
    schedule_1_problem,
)


def _codes(bases: tuple[LawfulBasis, ...]) -> list[str]:
    return [basis.code for basis in bases]


def test_common_law_gateways_are_the_four_of_the_guidance() -> None:
    assert _codes(GATEWAYS) == [
        "consent",
        "public_interest",
        "legal_requirement",
        "not_confidential",
    ]


def test_article_6_lists_a_to_f_and_notes_legitimate_interests_limit() -> None:
    assert _codes(ARTICLE_6) == [f"art6_1_{letter}" for letter in "abcdef"]
    assert "public authorities" in ARTICLE_6[-1].note


def test_article_9_lists_the_conditions_used_in_sharing() -> None:
    assert _codes(ARTICLE_9) == [f"art9_2_{letter}" for letter in "abcghi"]


def test_schedule_1_includes_safeguarding_and_crime_conditions() -> None:
    labels = {basis.code: basis.label for basis in SCHEDULE_1}

    assert labels["sch1_p2_6"] == "Statutory and government purposes"
    assert labels["sch1_p2_10"] == "Preventing or detecting unlawful acts"
    assert labels["sch1_p2_18"] == "Safeguarding of children and of individuals at risk"


def test_without_answers_every_group_keeps_its_order_and_nothing_is_likely() -> None:
    result = likely_bases({})

    assert result.likely == ()
    assert result.gateways == GATEWAYS
    assert result.article_6 == ARTICLE_6
    assert result.article_9 == ARTICLE_9
    assert result.schedule_1 == SCHEDULE_1
    assert result.personal_data is True


def test_consent_puts_consent_bases_first() -> None:
    result = likely_bases({"consent": "given"})

    assert result.gateways[0].code == "consent"
    assert _codes(result.article_6)[:2] == ["art6_1_a", "art6_1_e"]
    assert result.article_9[0].code == "art9_2_a"


def test_legal_duty_puts_legal_requirement_and_obligation_first() -> None:
    result = likely_bases({"legal_duty": "yes"})

    assert result.gateways[0].code == "legal_requirement"
    assert result.article_6[0].code == "art6_1_c"


def test_public_interest_puts_public_task_and_safeguarding_condition_first() -> None:
    result = likely_bases({"consent": "refused", "public_interest": "yes"})

    assert result.gateways[0].code == "public_interest"
    assert result.article_6[0].code == "art6_1_e"
    assert result.article_9[0].code == "art9_2_g"
    assert result.schedule_1[0].code == "sch1_p2_18"


def test_risk_of_harm_puts_vital_interests_and_safeguarding_before_consent() -> None:
    result = likely_bases({"risk_of_significant_harm": "yes", "consent": "given"})

    assert _codes(result.article_6)[:3] == ["art6_1_d", "art6_1_e", "art6_1_a"]
    assert _codes(result.article_9)[:3] == ["art9_2_c", "art9_2_g", "art9_2_a"]
    assert result.schedule_1[0].code == "sch1_p2_18"
    assert result.is_likely("consent")


def test_not_confidential_puts_that_gateway_first() -> None:
    assert likely_bases({"confidential": "no"}).gateways[0].code == "not_confidential"


def test_information_identifying_nobody_is_not_personal_data() -> None:
    assert likely_bases({"identifiable": "no"}).personal_data is False


def test_ordering_never_drops_or_adds_an_option() -> None:
    answers = {"risk_of_significant_harm": "yes", "legal_duty": "yes", "public_interest": "yes"}
    result = likely_bases(answers)

    assert sorted(_codes(result.article_6)) == sorted(_codes(ARTICLE_6))
    assert sorted(_codes(result.article_9)) == sorted(_codes(ARTICLE_9))
    assert sorted(_codes(result.schedule_1)) == sorted(_codes(SCHEDULE_1))
    assert sorted(_codes(result.gateways)) == sorted(_codes(GATEWAYS))


def test_bases_the_answers_rule_out_are_still_listed_in_the_same_order() -> None:
    result = likely_bases({"consent": "refused", "public_interest": "yes"})

    assert _codes(result.gateways) == [
        "public_interest",
        "consent",
        "legal_requirement",
        "not_confidential",
    ]
    assert result.why_ruled_out("consent") == "you said consent has been refused"
    assert result.why_ruled_out("public_interest") == ""
    assert result.conflicts("public_interest", ["art6_1_e"], []) == {}


def test_part_3_conditions_are_for_criminal_offence_data_only() -> None:
    part_3 = [basis for basis in SCHEDULE_1 if basis.code.startswith("sch1_p3_")]

    assert [basis.code for basis in part_3] == ["sch1_p3_29", "sch1_p3_30", "sch1_p3_36"]
    assert all("criminal offence data" in basis.note for basis in part_3)
    for article9 in ("art9_2_b", "art9_2_g", "art9_2_h", "art9_2_i"):
        assert schedule_1_problem([article9], [basis.code for basis in part_3])


def test_criminal_offence_data_needs_official_authority_or_a_schedule_1_condition() -> None:
    def needs(article6: list[str], schedule1: list[str]) -> dict[str, str]:
        return information_problems(
            ["offending"], special_category=False, article6=article6, schedule1=schedule1
        )

    assert needs(["art6_1_c"], []) == {"schedule1": CRIMINAL_OFFENCE_NEEDS_CONDITION}
    assert needs(["art6_1_e"], []) == {}
    assert needs(["art6_1_c"], ["sch1_p3_29"]) == {}
    assert needs(["art6_1_c"], ["sch1_p1_2"]) == {}


def test_health_information_needs_special_category_data_ticked() -> None:
    assert information_problems(
        ["education", "health"], special_category=False, article6=["art6_1_e"], schedule1=[]
    ) == {
        "special_category": "Physical or mental health is special category data: "
        "select an Article 9 condition for it"
    }
    assert information_problems(["health"], special_category=True, article6=[], schedule1=[]) == {}
