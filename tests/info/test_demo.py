import io

from wagtail.models import Page

from community.info import demo
from community.info.models import ConsultationHoursPage, Organisation, SupportSchemePage


def test_demo_seed_is_idempotent_and_bilingual(db, client):
    demo.seed(stdout=io.StringIO())
    pages, organisations = Page.objects.count(), Organisation.objects.count()
    demo.seed(stdout=io.StringIO())

    assert Page.objects.count() == pages
    assert Organisation.objects.count() == organisations
    assert not Organisation.objects.filter(live_revision__isnull=True).exists()
    ggd = ConsultationHoursPage.objects.get(slug="ggd-spreekuur")
    assert ggd.get_translation_or_none(Page.objects.get(slug="ggd-consultation-hour").locale)
    assert {p.status for p in SupportSchemePage.objects.all()} == {"historical"}
    assert client.get("/en/ggd-consultation-hour/").status_code == 200
    assert "Ugly Mugs NL" in client.get("/en/reporting-violence-or-threats/").content.decode()


def test_demo_contact_details_are_marked_as_examples(db):
    demo.seed(stdout=io.StringIO())

    for organisation in Organisation.objects.exclude(phone=""):
        assert "example" in organisation.email
        assert "(voorbeeld)" in organisation.phone or "(example)" in organisation.phone
        assert "voorbeeld" in organisation.contact_note or "example" in organisation.contact_note
