"""Policies and procedures: list, read, write drafts, publish, new versions,
acknowledge, and the access-checked PDF download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from infoshare.audit.refused_ids import mark_refused
from infoshare.core.errors import Conflict, DomainError, NotFound
from infoshare.core.numbers import parse_id
from infoshare.core.page_keys import new_page_key, sent_key, success_once
from infoshare.core.pages import add_domain_error, paginate
from infoshare.core.roles import Role
from infoshare.governance import permissions, selectors, services
from infoshare.governance.files import safe_download_name
from infoshare.governance.forms import PolicyEditForm, PolicyForm, PolicySearchForm
from infoshare.governance.models import Policy, PolicyLevel, PolicyStatus
from infoshare.governance.views._helpers import form_page, found, posted, problem
from infoshare.partnerships.models import Organisation
from infoshare.partnerships.selectors import partnership_choices

PARTNERSHIP_CHOICE = "partnership"

#: The hidden field that carries the new-policy page's own key (``core.page_keys``).
PAGE_KEY = "page_key"


def _can_edit(user: Any, policy: Policy) -> bool:
    return permissions.can_manage_policy(
        user,
        level=policy.level,
        organisation_id=policy.organisation_id,
        partnership_id=policy.partnership_id,
    )


def policy_list(request: HttpRequest) -> HttpResponse:
    level = request.GET.get("level", "")
    if level not in PolicyLevel.values:
        level = ""  # an unknown level shows the whole list
    user = request.user
    member_of = permissions.organisation_ids(user)
    organisations = list(selectors.policy_organisations_visible_to(user))
    search = PolicySearchForm(
        request.GET or None, organisations=[(org.pk, org.name) for org in organisations]
    )
    in_error = search.is_bound and not search.is_valid()
    if in_error:
        _mark_refused_organisation(search)
    chosen = {} if in_error or not search.is_bound else search.cleaned_data
    title = chosen.get("q") or ""
    organisation_id = chosen.get("organisation")
    policies = selectors.current_policies_visible_to(
        user, level=level, title=title, organisation_id=organisation_id
    )
    # The search the level links keep (nothing while the search is in error).
    kept = QueryDict(mutable=True)
    if title:
        kept["q"] = title
    if organisation_id is not None:
        kept["organisation"] = str(organisation_id)
    can_create = bool(
        permissions.organisations_where(user, *permissions.POLICY_EDITOR_ROLES)
        or permissions.partnerships_where(user, Role.PARTNERSHIP_ADMIN)
    )
    return render(
        request,
        "governance/policy_list.html",
        {
            "level": level,
            "heading": f"{PolicyLevel(level).label} policies and procedures"
            if level
            else "Policies and procedures",
            "can_create": can_create,
            "my_organisations": [org for org in organisations if org.pk in member_of],
            "search": search,
            "has_errors": in_error,
            "searching": bool(title or organisation_id is not None),
            "search_query": kept.urlencode(),
            **paginate(request, Policy.objects.none() if in_error else policies),
        },
        status=400 if in_error else 200,
    )


def _mark_refused_organisation(search: PolicySearchForm) -> None:
    """An organisation id the list does not offer is audited as a refusal (it may be
    another partnership's): ``audit.refused_ids``. Text that is not an id is only an
    error."""
    if "organisation" in search.errors:
        refused = parse_id(search.data.get("organisation"))
        if refused is not None:
            mark_refused("org_id", [refused])


def policy_detail(request: HttpRequest, policy_id: int) -> HttpResponse:
    policy = found(selectors.get_policy_for, request.user, policy_id)
    applies = selectors.policies_to_acknowledge_by(request.user, include_acknowledged=True)
    acknowledged = selectors.has_acknowledged(request.user, policy=policy)
    can_edit = _can_edit(request.user, policy)
    history = selectors.policy_history(request.user, policy)
    return render(
        request,
        "governance/policy_detail.html",
        {
            "policy": policy,
            "can_edit": can_edit,
            "can_acknowledge": not acknowledged and applies.filter(pk=policy.pk).exists(),
            "acknowledged": acknowledged,
            "history": history,
            # The newest version the reader may open is another one: this one has a next
            # version (the button this words is an editor's, who may open its draft).
            "has_next_version": history[0].pk != policy.pk,
        },
    )


def _where_choices(user: Any) -> list[tuple[str, str]]:
    org_ids = permissions.organisations_where(user, *permissions.POLICY_EDITOR_ROLES)
    choices = [
        (str(org.pk), org.name)
        for org in Organisation.objects.filter(pk__in=org_ids).order_by("name")
    ]
    partnerships = partnership_choices(user)
    if len(partnerships) == 1:
        choices.append((PARTNERSHIP_CHOICE, "Every organisation in the partnership"))
    else:  # someone who administers several partnerships says which one
        choices += [
            (f"{PARTNERSHIP_CHOICE}-{pk}", f"Every organisation in {name}")
            for pk, name in partnerships
        ]
    return choices


def _where(answer: str) -> dict[str, Any]:
    """The level, organisation and partnership of a "Who does it apply to?" answer (one
    of the choices offered: an organisation's id, or the partnership, with its id when
    the person administers more than one)."""
    if answer == PARTNERSHIP_CHOICE or answer.startswith(f"{PARTNERSHIP_CHOICE}-"):
        _, _, partnership = answer.partition("-")
        return {
            "level": PolicyLevel.PARTNERSHIP,
            "organisation_id": None,
            "partnership_id": int(partnership) if partnership else None,
        }
    return {"level": PolicyLevel.ORGANISATION, "organisation_id": int(answer)}


def _files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None


def _upload(request: HttpRequest, form: Any) -> UploadedFile | None:
    document = form.cleaned_data.get("document")
    return document if isinstance(document, UploadedFile) else None


@require_http_methods(["GET", "POST"])
def policy_create(request: HttpRequest) -> HttpResponse:
    choices = _where_choices(request.user)
    initial = {"where": choices[0][0]} if len(choices) == 1 else {}
    form = PolicyForm(posted(request), _files(request), where_choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = _upload(request, form)
        # The same page sent twice (a double press, a resent form) makes one draft, and
        # the repeat goes where the first went; used again after going Back, with
        # something else typed or another file, the page makes another.
        sent = {name: data[name] for name in ("where", "title", "kind", "body", "review_date")} | {
            "document": (document.name, document.size) if document else None
        }
        try:
            policy = services.create_policy(
                actor=request.user,
                **_where(data["where"]),
                title=data["title"],
                kind=data["kind"],
                body=data["body"],
                document=document,
                review_date=data["review_date"],
                idempotency_key=sent_key(request, PAGE_KEY, "policy-page", sent),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            success_once(request, "Draft saved. Publish it when it is ready")
            return redirect("governance:policy_detail", policy_id=policy.pk)
    return form_page(
        request,
        "governance/policy_form.html",
        form,
        {"policy": None, "page_key": new_page_key()},
    )


@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, policy_id: int) -> HttpResponse:
    policy = found(selectors.get_policy_for, request.user, policy_id)
    if not _can_edit(request.user, policy):
        return problem(
            request,
            DomainError("forbidden", services.policies.MSG_NOT_POLICY_EDITOR),
            back=reverse("governance:policy_detail", kwargs={"policy_id": policy.pk}),
        )
    if policy.status != PolicyStatus.DRAFT:
        return problem(
            request,
            DomainError("not_draft", services.policies.MSG_ONLY_DRAFTS),
            back=reverse("governance:policy_detail", kwargs={"policy_id": policy.pk}),
        )
    owners = selectors.owner_choices(
        organisation_id=policy.organisation_id, partnership_id=policy.partnership_id
    )
    if policy.owner_id not in {pk for pk, _ in owners}:
        owners.append((policy.owner_id, str(policy.owner)))
    initial = {
        "title": policy.title,
        "kind": policy.kind,
        "body": policy.body,
        "review_date": policy.review_date,
        "owner": policy.owner_id,
    }
    form = PolicyEditForm(posted(request), _files(request), owner_choices=owners, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_policy(
                actor=request.user,
                policy_id=policy.pk,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                body=form.cleaned_data["body"],
                document=_upload(request, form),
                remove_document=form.cleaned_data["remove_document"],
                review_date=form.cleaned_data["review_date"],
                owner_id=form.cleaned_data["owner"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Draft saved")
            return redirect("governance:policy_detail", policy_id=policy.pk)
    return form_page(request, "governance/policy_form.html", form, {"policy": policy})


def _button(request: HttpRequest, policy_id: int, action: Any, done: str) -> HttpResponse:
    back = reverse("governance:policy_detail", kwargs={"policy_id": policy_id})
    try:
        result = action(actor=request.user, policy_id=policy_id)
    except NotFound as error:
        raise Http404(error.message) from error
    except DomainError as error:
        return problem(request, error, back=back)
    success_once(request, done)
    return redirect(
        "governance:policy_detail", policy_id=getattr(result, "policy_id", None) or result.pk
    )


PUBLISHED = "Published. Staff will be asked to acknowledge it"


@require_POST
def policy_publish(request: HttpRequest, policy_id: int) -> HttpResponse:
    return _button(request, policy_id, _publish, PUBLISHED)


def _publish(*, actor: Any, policy_id: int) -> Policy:
    """Publishes the draft. Publish pressed again (a double press, a resent form) once
    this person has published it is done already: the policy, as after the first press.
    Published by someone else, or since retired, it is still refused, saying so."""
    try:
        return services.publish_policy(actor=actor, policy_id=policy_id)
    except Conflict:
        policy = Policy.objects.filter(pk=policy_id).first()
        if (
            policy is None
            or policy.status != PolicyStatus.PUBLISHED
            or policy.published_by_id != actor.pk
        ):
            raise
        return policy


@require_POST
def policy_new_version(request: HttpRequest, policy_id: int) -> HttpResponse:
    return _button(request, policy_id, services.new_policy_version, "New draft version started")


@require_POST
def policy_acknowledge(request: HttpRequest, policy_id: int) -> HttpResponse:
    return _button(
        request,
        policy_id,
        services.acknowledge_policy,
        "Thank you. You have acknowledged this policy",
    )


def policy_document(request: HttpRequest, policy_id: int) -> HttpResponseBase:
    """The uploaded PDF, only to people who may see the policy, always as a download."""
    policy = found(selectors.get_policy_for, request.user, policy_id)
    if not policy.document:
        raise Http404("No document")
    try:
        handle = policy.document.open("rb")
    except FileNotFoundError as error:
        raise Http404("No document") from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_download_name(policy.title, policy.version),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
