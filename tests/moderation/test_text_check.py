from community.moderation.models import WatchedWord
from community.moderation.services import text_check, watched_word_create


def _rule(moderator, word, action, **kwargs):
    return watched_word_create(actor=moderator, word=word, action=action, **kwargs)


def test_text_without_rules_or_personal_information_passes(member):
    result = text_check(author=member, text="Vandaag een goede dag gehad.")

    assert not result.blocked
    assert not result.hold
    assert result.text == "Vandaag een goede dag gehad."
    assert result.hold_reasons == []


def test_a_block_rule_refuses_the_text_with_a_message(member, moderator):
    _rule(moderator, "verboden", WatchedWord.Action.BLOCK)

    result = text_check(author=member, text="Dit is Verboden spul")

    assert result.blocked
    assert result.message


def test_a_hold_rule_holds_the_text_for_review(member, moderator):
    _rule(moderator, "klant", WatchedWord.Action.HOLD)

    result = text_check(author=member, text="Een klant deed raar")

    assert not result.blocked
    assert result.hold
    assert result.hold_reasons == [result.hold_reason]


def test_a_censor_rule_replaces_the_word(member, moderator):
    _rule(moderator, "sukkel", WatchedWord.Action.CENSOR, replacement="***")

    result = text_check(author=member, text="Wat een sukkel was dat")

    assert not result.blocked
    assert not result.hold
    assert "sukkel" not in result.text
    assert "Wat een" in result.text


def test_regex_rules_match_patterns(member, moderator):
    _rule(moderator, r"w+w+\.example", WatchedWord.Action.BLOCK, is_regex=True)

    assert text_check(author=member, text="kijk op www.example nu").blocked
    assert not text_check(author=member, text="kijk op example nu").blocked


def test_personal_information_is_reported_and_becomes_a_hold_reason(member):
    result = text_check(author=member, text="Bel me op 06-12345678 of mail anna@example.nl")

    assert result.personal_information
    assert result.hold_reasons
