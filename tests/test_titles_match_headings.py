"""Every page's <title> says what its <h1> says (GOV.UK: "the page title should match the
h1", then the service name after an en dash, with "Error: " first when the page shows
errors).

Signed in as one person holding every role of the home organisation, and as a practitioner\nalone (and signed out, for the public pages),
GET every page route the URL resolver knows (the same enumeration as the role matrix,
``tests.urls.all_routes``), with its ids filled by real objects made here: a draft (every
question answered) and a final decision record of the person signed in, a colleague's
record waiting to be countersigned, a person on the register, advice requests (one asked by
them, one to their organisation), governance (a position statement, a published and a
draft policy, a common standard), an agreement with a party, staff memberships (one still
invited), a staff import, an audit event and an API token; signed out, an invitation link
that works and one that does not. Each answer that is an HTML page (a 200, or a 4xx page
saying what went wrong) must have exactly one <h1>, and its title (without the service
name after it, HTML entities unescaped, whitespace collapsed) must equal the h1's text
(tags stripped, whitespace collapsed; a GOV.UK caption or a visually-hidden span inside the
h1 is left out, as the Design System puts them there).

Some titles legitimately carry extra context after the heading: "(page 2)" on a paginated
list, or the name or reference of the object the page is about, after an en dash (as the
caption above the h1 gives it). So a title may also START WITH the h1's text, followed by
" (" or an en dash and that context; it never says something else, nor words that run on
from the heading ("Staff of Home Council" for "Staff")."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from infoshare.core import access
from infoshare.core.access import Scope
from infoshare.core.roles import Role
from tests.test_role_matrix import SKIPPED
from tests.urls import all_routes

_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>")
_SPACE = re.compile(r"\s+")
DASH = "\N{EN DASH}"
_SUFFIX = f" {DASH} Infoshare"


def _squash(text: str) -> str:
    return _SPACE.sub(" ", html.unescape(text)).strip()


@dataclass
class _Headings(HTMLParser):
    """The <title> text and the text of each <h1> (captions and hidden text left out)."""

    title: str = ""
    h1s: list[str] = field(default_factory=list)
    _in_title: bool = False
    _title_seen: bool = False
    _h1_depth: int = 0  # open elements inside the current h1, the h1 itself included
    _skip_depth: int = 0  # open elements inside a skipped caption or hidden span

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and not self._title_seen:
            self._in_title = True  # the document's title, not an SVG's
        elif tag == "h1" and not self._h1_depth:
            self._h1_depth = 1
            self.h1s.append("")
        elif self._h1_depth and tag not in ("br", "img", "wbr"):
            self._h1_depth += 1
            classes = (dict(attrs).get("class") or "").split()
            skipped = "govuk-visually-hidden" in classes or any(
                c.startswith("govuk-caption-") for c in classes
            )
            if self._skip_depth or skipped:
                self._skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self._title_seen = True
        elif self._h1_depth:
            self._h1_depth -= 1
            if self._skip_depth:
                self._skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._h1_depth and not self._skip_depth:
            self.h1s[-1] += data


def headings(content: str) -> tuple[str, list[str]]:
    parser = _Headings()
    parser.feed(content)
    return _squash(parser.title), [_squash(h) for h in parser.h1s]


#: The pages whose title deliberately does not say what their heading says, and what it
#: says instead: a person's page is headed with their name, which a title would leave in
#: the browser's history and on its tabs.
NEUTRAL_TITLES = {"decisions:person_detail": "A person's records"}


def _view_name(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return ""


def mismatch(path: str, content: str) -> str | None:
    """None when the page's title says what its one h1 says, else what differs."""
    title, h1s = headings(content)
    if len(h1s) != 1:
        return f"{path}: {len(h1s)} h1 headings, not one"
    h1 = h1s[0]
    shown = title.removesuffix(_SUFFIX)
    if shown == NEUTRAL_TITLES.get(_view_name(path)):
        return None  # (a page saying what went wrong there is checked as any other)
    if 'class="govuk-error-summary' in content:
        if not shown.startswith("Error: "):
            return f"{path}: shows errors, but its title {title!r} does not start with Error:"
        shown = shown.removeprefix("Error: ")
    if shown == h1:
        return None
    if h1 and shown.startswith((f"{h1} {DASH} ", f"{h1} (")):
        return None  # the heading, then context: "(page 2)", or a dash and the object's name
    return f"{path}: title {title!r}, h1 {h1!r}"


def _html_pages(client: Any, paths: list[str]) -> list[tuple[str, str]]:
    """The HTML pages people are shown at these paths: each 200, and each page saying what
    went wrong (4xx: an invitation link that no longer works, a page they may not open)."""
    pages = []
    for path in paths:
        response = client.get(path)
        if not (response.status_code == 200 or 400 <= response.status_code < 500):
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        pages.append((path, response.content.decode()))
    return pages


@dataclass
class World:
    """Ids of real objects to put in each route's path parameters (several per name:
    each is tried; a redirect, a file or a 5xx at a path is left out)."""

    ids: dict[str, list[Any]]


def _invitee(home_org: Any, inviter: Any) -> tuple[Any, str]:
    """A membership of someone invited who has not accepted yet, and their link's token."""
    from infoshare.partnerships.services.rules import new_invitation
    from infoshare.partnerships.tests.factories import MembershipFactory, UserFactory

    person: Any = UserFactory(with_mfa=False, full_name="Invited Person")
    person.set_unusable_password()
    person.save()
    membership = MembershipFactory(person=person, organisation=home_org, role=Role.PRACTITIONER)
    token, _invitation = new_invitation(person, home_org, inviter)
    return membership, token


def _world(user: Any, home_org: Any) -> World:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    from infoshare.accounts.services import create_api_token
    from infoshare.advice.tests.factories import AdviceRequestFactory
    from infoshare.agreements.tests.factories import AgreementPartyFactory, make_agreement
    from infoshare.audit.models import AuditEvent
    from infoshare.decisions.tests.factories import CONSENT_ANSWERS, make_decision, make_person
    from infoshare.governance.models import PolicyStatus
    from infoshare.governance.tests.factories import make_policy, make_standard, make_statement
    from infoshare.partnerships.models import Membership, StaffImport
    from infoshare.partnerships.tests.factories import MembershipFactory

    home_org.countersign_required = True  # so that a colleague's record waits for a manager
    home_org.save(update_fields=["countersign_required"])
    colleague: Any = MembershipFactory(organisation=home_org, role=Role.PRACTITIONER)
    person = make_person(organisation=home_org, created_by=user)
    final = make_decision(organisation=home_org, author=user, people=[person])
    # A draft with every question answered and the sharing done: each page of the flow opens.
    draft = make_decision(
        organisation=home_org, author=user, status="draft", finalised_at=None, people=[person]
    )
    waiting = make_decision(organisation=home_org, author=colleague.person, people=[person])
    asked: Any = AdviceRequestFactory(organisation=home_org, asked_by=user)
    to_us: Any = AdviceRequestFactory(organisation=home_org)
    statement = make_statement(organisation=home_org)
    policy = make_policy(organisation=home_org)
    draft_policy = make_policy(
        organisation=home_org, owner=user, status=PolicyStatus.DRAFT, published_at=None
    )
    standard = make_standard(partnership=home_org.partnership)
    agreement = make_agreement(lead_organisation=home_org, owner=user)
    party: Any = AgreementPartyFactory(agreement=agreement, organisation=home_org)
    invited, _token = _invitee(home_org, user)
    own = Membership.objects.filter(person=user, organisation=home_org).first()
    staff_import = StaffImport.objects.create(
        organisation=home_org, created_by=user, filename="staff.csv", finished_at=timezone.now()
    )
    token, _secret = create_api_token(actor=user, name="Reporting")
    RecoveryCodes.activate(user)
    events = list(AuditEvent.objects.order_by("-pk").values_list("pk", flat=True)[:1])
    return World(
        ids={
            "org_id": [home_org.pk],
            "decision_id": [draft.pk, final.pk, waiting.pk],
            "person_id": [person.pk],
            "request_id": [asked.pk, to_us.pk],
            "statement_id": [statement.pk],
            "policy_id": [policy.pk, draft_policy.pk],
            "standard_id": [standard.pk],
            "agreement_id": [agreement.pk],
            "party_id": [party.pk],
            "membership_id": [colleague.pk, invited.pk] + ([own.pk] if own else []),
            "import_id": [staff_import.pk],
            "event_id": events,
            "token_id": [token.pk],
            "key": list(CONSENT_ANSWERS),
        }
    )


def _paths(world: World, *, public: bool) -> list[str]:
    """Every page path (not the API) with its parameters filled in every way the world
    offers; only public routes when ``public``, else only those that need signing in."""
    paths: list[str] = []
    for route in all_routes():
        if route.name.startswith("api-1:") or route.name in SKIPPED:
            continue
        rule = access.rule_for(route.name)
        if rule is None or (rule.scope is Scope.PUBLIC) is not public:
            continue
        names = [m.group(2) or m.group(3) for m in _PARAM.finditer(route.pattern)]
        if any(not world.ids.get(n) for n in names):
            continue
        fillings: list[dict[str, object]] = [{}]
        for n in names:
            fillings = [f | {n: value} for f in fillings for value in world.ids[n]]
        for filling in fillings:
            path = route.sample_path(**filling)
            if path.startswith("/api/") or path in paths:
                continue
            try:
                resolve(path)
            except Resolver404:
                continue
            paths.append(path)
    return paths


@pytest.mark.parametrize(
    "roles", [list(Role), [Role.PRACTITIONER]], ids=["every role", "practitioner"]
)
def test_each_page_title_says_what_its_heading_says(client, make_member, roles, home_org) -> None:
    """Signed in as one person holding every role (every page opens) and as a practitioner
    alone (the pages refused to them are pages too); a pass per role would cost eight
    walks of every route for few more pages."""
    from infoshare.partnerships.tests.factories import MembershipFactory

    user = make_member(roles[0], home_org)
    for role in roles[1:]:
        MembershipFactory(person=user, organisation=home_org, role=role)
    client.force_login(user)
    world = _world(user, home_org)
    pages = _html_pages(client, _paths(world, public=False))
    assert len(pages) > 20, [p for p, _ in pages]  # the enumeration reached real pages
    failures = [m for m in (mismatch(path, content) for path, content in pages) if m]
    assert failures == [], "\n".join(failures)


def test_signed_out_page_titles_say_what_their_headings_say(client, home_org, org_admin) -> None:
    _membership, token = _invitee(home_org, org_admin)
    world = World(ids={"token": [token, "not-a-token"]})
    paths = _paths(world, public=True)
    pages = _html_pages(client, paths)
    shown = [p for p, _ in pages]
    assert reverse("account_login") in shown
    for link in (token, "not-a-token"):  # the page to set a password, and the one saying why not
        assert reverse("partnerships:accept_invitation", kwargs={"token": link}) in shown
    failures = [m for m in (mismatch(path, content) for path, content in pages) if m]
    assert failures == [], "\n".join(failures)


def test_a_page_with_errors_starts_its_title_with_error(client, db) -> None:
    """Signing in with nothing typed: the page shows errors, so "Error: " then its h1."""
    response = client.post(reverse("account_login"), {"login": "", "password": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="govuk-error-summary' in body
    assert headings(body) == (f"Error: Sign in {DASH} Infoshare", ["Sign in"])
    assert mismatch("/accounts/login/", body) is None


def test_pages_part_way_through_signing_in_or_resetting_say_what_their_headings_say(
    client, practitioner
) -> None:
    """The pages the route walk skips, since they need a sign-in or a reset under way: the
    code after the password, and a password reset link that does not work."""
    from infoshare.partnerships.tests.factories import TEST_PASSWORD

    login = {"login": practitioner.email, "password": TEST_PASSWORD}
    assert client.post(reverse("account_login"), login).status_code == 302
    paths = [
        reverse("mfa_authenticate"),
        reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "not-a-key"}),
    ]
    pages = _html_pages(client, paths)
    assert [p for p, _ in pages] == paths
    failures = [m for m in (mismatch(path, content) for path, content in pages) if m]
    assert failures == [], "\n".join(failures)
