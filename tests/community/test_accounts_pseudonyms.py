"""Look-alike pseudonyms are refused at sign-up.

Pseudonyms are normalised (NFKC, case-folded), and one whose confusable skeleton
(Unicode TR39, data from confusable-homoglyphs) equals an existing pseudonym's, or a
reserved word's, is refused: nobody may pass for `demo-moderator` with a Greek omicron, nor
for staff with `moderator_` (security review, issue 7, item 15).
"""

import pytest
from django.test import Client

from community.accounts.adapters import pseudonym_skeleton
from community.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/signup/"
STRONG_PASSWORD = "lange-wandeling-langs-de-dijk"


def _signup(pseudonym: str):
    return Client().post(
        SIGNUP_URL,
        {
            "username": pseudonym,
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
            "email": "",
            "invitation_code": "",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )


def _refused(response) -> bool:
    return response.status_code == 200 and bool(response.context["form"].errors.get("username"))


@pytest.mark.parametrize(
    "look_alike",
    [
        "zornerregen",  # rn looks like m
        "z0merregen",  # digit zero
        "zomer_regen",  # a separator
        "zomer.regen",
        "ZOMERREGEN",  # case only
        "\uff5a\uff4f\uff4d\uff45\uff52regen",  # fullwidth "zomer"
        "z\u00f3merregen",  # an accent
        "zomerre\u0261en",  # Latin script g (U+0261), one alphabet
    ],
)
def test_a_look_alike_of_an_existing_pseudonym_is_refused_as_such(look_alike):
    UserFactory(username="zomerregen")

    response = _signup(look_alike)

    assert _refused(response), look_alike
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    "look_alike",
    [
        "demo-moderat\u03bfr",  # Greek small omicron
        "d\u0435mo-moderator",  # Cyrillic small ie
        "d\u0435m\u043e-moderator",  # Cyrillic ie and o
        "DEMO-MODERATOR",  # case only
        "\uff44\uff45\uff4d\uff4f-moderator",  # fullwidth "demo"
        "demo-rnoderator",  # rn looks like m
        "dem0-moderat0r",  # digit zero
        "demo_moderator",  # another separator
        "demo.moderator",
        "demo-mode\u0301rator",  # combining accent
    ],
)
def test_look_alikes_of_the_demo_moderator_are_refused(look_alike):
    UserFactory(username="demo-moderator")

    response = _signup(look_alike)

    assert _refused(response), look_alike
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    "name",
    [
        "moderator_",
        "_moderator",
        "m0derator",
        "moderat\u03bfr",
        "\u0430dmin",  # Cyrillic a
        "\uff41\uff44\uff4d\uff49\uff4e",  # fullwidth admin
        "ADMIN",
        "kring",
        "kr\u0456ng",  # Cyrillic i
        "ggd",
        "hulpverlener",
        "support",
        "staff",
        "team-moderator",
        "ggd.hulp",
        "admin2",
    ],
)
def test_a_reserved_word_in_any_disguise_is_refused(name):
    response = _signup(name)

    assert _refused(response), name
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "zonneregen",
        "badminton",  # contains "admin", but is another word
        "moderne-vrouw",
        "маша",  # one alphabet: Cyrillic is fine
        "ρόδο",  # one alphabet: Greek is fine
        "renée",
    ],
)
def test_ordinary_pseudonyms_in_any_one_alphabet_are_accepted(name):
    response = _signup(name)

    assert response.status_code == 302, response.context["form"].errors
    assert User.objects.count() == 1


def test_a_name_written_wholly_in_look_alike_letters_of_another_alphabet_is_refused():
    UserFactory(username="pace")

    response = _signup("\u0440\u0430\u0441\u0435")  # Cyrillic er, a, es, ie: one alphabet

    assert _refused(response)
    assert User.objects.count() == 1


def test_a_pseudonym_is_stored_normalised():
    _signup("\uff2e\uff41\uff43\uff48\uff54uil")  # fullwidth "Nacht" + "uil"

    assert User.objects.get().username == "nachtuil"


def test_letters_mixed_from_two_alphabets_are_refused_even_without_a_twin():
    response = _signup("nacht\u0443il")  # a Cyrillic u in a Latin name

    assert _refused(response)
    assert "alphabet" in response.context["form"].errors["username"][0]


def test_the_skeleton_maps_look_alikes_together_and_keeps_different_names_apart():
    assert pseudonym_skeleton("demo-moderat\u03bfr") == pseudonym_skeleton("demo-moderator")
    assert pseudonym_skeleton("\uff2doderator") == pseudonym_skeleton("moderator")
    assert pseudonym_skeleton("zomerregen") != pseudonym_skeleton("zonneregen")


def test_the_refusal_speaks_dutch_by_default():
    UserFactory(username="zomerregen")

    response = Client().post(
        SIGNUP_URL,
        {"username": "zornerregen", "password1": STRONG_PASSWORD, "password2": "x"},
    )

    assert "lijkt te veel op" in response.context["form"].errors["username"][0]
