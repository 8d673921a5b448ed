"""The member's list, the support worker's queue and a request page run a fixed number
of queries, however many requests, messages and reads there are."""

from django.urls import reverse

from community.helpdesk import services
from tests.community.twofactor_helpers import login_verified
from tests.factories import UserFactory
from tests.helpdesk.factories import request_open, worker_for

# Session, user, groups, 2FA device, the page's own reads: the same for few and many.
MAX_QUERIES = 25


def _count(django_assert_max_num_queries, client, url) -> int:
    with django_assert_max_num_queries(MAX_QUERIES) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _requests(member, organisation, worker, count: int) -> list:
    made = []
    for number in range(count):
        request = request_open(member, organisation, subject=f"Vraag {number}")
        services.request_pick_up(actor=worker, request=request)
        made.append(request)
    return made


def test_member_list_queries_do_not_grow(
    member_client, member, sociaal_plein, worker, django_assert_max_num_queries
):
    url = reverse("helpdesk:index")
    _requests(member, sociaal_plein, worker, 2)
    few = _count(django_assert_max_num_queries, member_client, url)

    _requests(member, sociaal_plein, worker_for(sociaal_plein), 15)
    many = _count(django_assert_max_num_queries, member_client, url)

    assert few == many


def test_staff_queue_queries_do_not_grow(
    client, sociaal_plein, worker, django_assert_max_num_queries
):
    login_verified(client, worker)
    url = reverse("helpdesk:queue")
    _requests(UserFactory(), sociaal_plein, worker, 2)
    few = _count(django_assert_max_num_queries, client, url)

    for _ in range(5):
        _requests(UserFactory(), sociaal_plein, worker_for(sociaal_plein), 3)
    many = _count(django_assert_max_num_queries, client, url)

    assert few == many


def test_request_page_queries_do_not_grow_with_messages_and_reads(
    member_client, member, sociaal_plein, worker, django_assert_max_num_queries
):
    small, large = _requests(member, sociaal_plein, worker, 2)
    services.request_answer(actor=worker, request=small, text="Antwoord")
    services.request_opened(actor=worker, request=small)
    for number in range(10):
        helper = worker_for(sociaal_plein)
        services.request_answer(actor=helper, request=large, text=f"Antwoord {number}")
        services.member_reply(actor=member, request=large, text=f"Reactie {number}")
        services.request_opened(actor=helper, request=large)

    member_client.get(reverse("helpdesk:request", args=[small.pk]))  # content types cached
    few = _count(
        django_assert_max_num_queries, member_client, reverse("helpdesk:request", args=[small.pk])
    )
    many = _count(
        django_assert_max_num_queries, member_client, reverse("helpdesk:request", args=[large.pk])
    )

    assert few == many
