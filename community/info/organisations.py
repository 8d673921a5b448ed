"""The organisation snippet and the fixed lists it is described with.

Organisations sit below the pages: the selectors read them and the pages link to
them, so they live apart from models.py (which imports the selectors). models.py
re-exports them, and Django registers them through that import.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    Locale,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index


class HelpTopic(models.TextChoices):
    HEALTH = "health", _("Health")
    MONEY = "money", _("Money and benefits")
    HOUSING = "housing", _("Housing")
    VIOLENCE = "violence", _("Violence and safety")
    EXIT = "exit", _("Stopping sex work")
    LEGAL = "legal", _("Legal help")
    RESIDENCE = "residence", _("Residence and migration")
    WELLBEING = "wellbeing", _("Wellbeing and social contact")


# Languages an organisation or consultation hour may offer (ISO 639-1 codes); their
# names come from Django's own translated language list.
SPOKEN_LANGUAGE_CODES = [
    "nl",
    "en",
    "de",
    "fr",
    "es",
    "pt",
    "it",
    "pl",
    "ro",
    "bg",
    "hu",
    "cs",
    "ru",
    "uk",
    "th",
    "zh-hans",
    "ar",
    "tr",
]


class Topic(models.Model):
    """One help topic (health, money, ...); rows are fixed, labels come from code."""

    code = models.CharField(max_length=20, unique=True, choices=HelpTopic.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("help topic")
        verbose_name_plural = _("help topics")

    def __str__(self) -> str:
        return str(HelpTopic(self.code).label) if self.code in HelpTopic.values else self.code


class SpokenLanguage(models.Model):
    code = models.CharField(max_length=10, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("spoken language")
        verbose_name_plural = _("spoken languages")

    def __str__(self) -> str:
        try:
            return str(get_language_info(self.code)["name_translated"])
        except KeyError:
            return self.code


class OrganisationQuerySet(models.QuerySet):
    def live(self) -> OrganisationQuerySet:
        """Published organisations: all that readers may see."""
        return self.filter(live=True)


class Organisation(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    """An organisation that helps sex workers; a snippet, translated per locale.

    Readers call the phone number shown here, so a change goes through the same
    two-editor review as a page: editors save drafts (revisions) and submit them; the
    row holds the published version, which is all the public pages read.
    """

    name = models.CharField(_("name"), max_length=120)
    summary = models.TextField(
        _("what they do"),
        help_text=_("One or two plain sentences: who they help and with what."),
    )
    topics = ParentalManyToManyField(Topic, verbose_name=_("helps with"), blank=True)
    languages = ParentalManyToManyField(
        SpokenLanguage, verbose_name=_("languages spoken"), blank=True
    )
    anonymous_help = models.BooleanField(
        _("anonymous help possible"),
        default=False,
        help_text=_("Readers can get help without giving their name."),
    )
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("address"), blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    contact_note = models.TextField(
        _("how to get in touch"),
        blank=True,
        help_text=_("For example: call first, or walk in without an appointment."),
    )
    # Shown to a member who writes to this organisation through the help desk.
    response_promise = models.CharField(
        _("response promise"),
        max_length=200,
        blank=True,
        help_text=_(
            "What members can expect from the help desk, for example: "
            "a person answers within 2 working days."
        ),
    )

    objects = OrganisationQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("summary"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("anonymous_help"),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website"),
                FieldPanel("address"),
                FieldPanel("opening_hours"),
                FieldPanel("contact_note"),
                FieldPanel("response_promise"),
            ],
            heading=_("Contact"),
        ),
    ]

    search_fields = [
        index.SearchField("name"),
        index.SearchField("summary"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def copy_for_translation(
        self, locale: Locale, exclude_fields: list[str] | None = None
    ) -> Organisation:
        """A new translation is a draft: it reaches readers only through review.

        Wagtail copies every field of the source, `live` and `live_revision` included,
        so without this a translated organisation would be published by one editor.
        """
        translation = super().copy_for_translation(locale, exclude_fields=exclude_fields)
        translation.live = False
        translation.has_unpublished_changes = True
        translation.live_revision = None
        translation.first_published_at = None
        translation.last_published_at = None
        translation.locked, translation.locked_at, translation.locked_by = False, None, None
        return translation
