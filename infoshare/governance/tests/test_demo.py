from infoshare.governance.demo import load_demo
from infoshare.governance.models import CommonStandard, PlanPriority, Policy, PositionStatement
from infoshare.partnerships.demo import load_demo as load_partnership_demo


def test_demo_content_loads_once(db) -> None:
    load_partnership_demo()
    load_demo()
    load_demo()
    assert PositionStatement.objects.count() == 1
    assert CommonStandard.objects.count() == 2
    assert PlanPriority.objects.count() == 3
    assert Policy.objects.get().status == "published"
