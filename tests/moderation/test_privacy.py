from community.moderation.models import ModeratorNote, Report, Sanction
from community.moderation.services import appeal_create, report_create, sanction_apply
from community.privacy.services import member_data_export, member_delete
from tests.factories import ModeratorFactory, UserFactory


def test_export_holds_reports_made_and_decisions_but_no_staff_notes(member, moderator):
    ModeratorFactory()  # someone else to take the appeal
    report_create(reporter=member, target=UserFactory(), reason="spam", note="Reclame")
    sanction = sanction_apply(
        actor=moderator, member=member, kind="warning", reason="Let op", staff_note="Intern!"
    )
    appeal_create(member=member, sanction=sanction, text="Oneens")
    ModeratorNote.objects.create(member=member, author=moderator, text="Geheime notitie")
    report_create(reporter=UserFactory(), target=member, reason="threat", note="Over haar")

    data = member_data_export(member=member)["moderation"]

    assert data["reports_made"][0]["note"] == "Reclame"
    assert data["sanctions"][0]["reason"] == "Let op"
    assert data["sanctions"][0]["appeal"]["text"] == "Oneens"
    flat = str(data)
    assert "Intern!" not in flat
    assert "Geheime notitie" not in flat
    assert "Over haar" not in flat  # reports about them would reveal reporters


def test_deleting_an_account_removes_their_moderation_data(member, moderator):
    report_create(reporter=member, target=UserFactory(), reason="spam")
    sanction_apply(actor=moderator, member=member, kind="warning", reason="x")
    ModeratorNote.objects.create(member=member, author=moderator, text="x")

    member_delete(member=member, keep_content=True)

    assert not Report.objects.exists()
    assert not Sanction.objects.exists()
    assert not ModeratorNote.objects.exists()
