"""Page types of Kring's public information, and the registry of the app's models.

Pages hold fields, panels, page-type rules, search fields and a get_context of a few
lines that calls selectors. The layers below them live apart so that nothing imports
upwards: the organisation snippet (organisations.py), the reads (selectors.py), the
StreamField blocks (blocks.py), the admin forms (forms.py), the other-language
routing of the home page (routing.py), the review task (review.py) and the
recurrence maths (recurrence.py).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from community import recurrence
from community.info import selectors
from community.info.blocks import RICH_TEXT_FEATURES, body_blocks, home_blocks
from community.info.forms import ConsultationHoursPageForm, TranslatedPageForm
from community.info.organisations import (
    SPOKEN_LANGUAGE_CODES,
    HelpTopic,
    Organisation,
    SpokenLanguage,
    Topic,
)
from community.info.review import SecondEditorApprovalTask
from community.info.routing import OtherLanguageFallbackMixin

# Models defined in the lower modules are registered with Django through this module.
__all__ = [
    "SPOKEN_LANGUAGE_CODES",
    "Access",
    "ConsultationHoursException",
    "ConsultationHoursPage",
    "HelpTopic",
    "HomePage",
    "InfoPage",
    "InformationPage",
    "LocationKind",
    "Organisation",
    "OrganisationDirectoryPage",
    "SchemeStatus",
    "SecondEditorApprovalTask",
    "SpokenLanguage",
    "SupportSchemeAlternative",
    "SupportSchemePage",
    "Topic",
]


class InfoPage(Page):
    """Fields every public information page shares."""

    intro = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two plain sentences. Shown under the title and in search results."),
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        default=dt.date.today,
        help_text=_("The date someone last checked that this page is still correct."),
    )

    base_form_class = TranslatedPageForm
    # Fields that must differ from the source page before a translation is published.
    translated_fields = ["title", "intro"]

    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [FieldPanel("last_reviewed"), *Page.settings_panels]

    class Meta:
        abstract = True

    def get_template(self, request, *args, **kwargs):
        return f"info/{self._meta.model_name}.html"

    @property
    def kind(self) -> str:
        """The page type as a stable word for CSS classes (same in every language)."""
        return self._meta.model_name


class HomePage(OtherLanguageFallbackMixin, InfoPage):
    """The root of the site in each language."""

    body = StreamField(home_blocks(), blank=True, verbose_name=_("content"))

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "info.InformationPage",
        "info.ConsultationHoursPage",
        "info.SupportSchemePage",
        "info.OrganisationDirectoryPage",
    ]
    content_panels = [*InfoPage.content_panels, FieldPanel("body")]
    search_fields = [*InfoPage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request: HttpRequest, *args: object, **kwargs: object) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["consultations"] = selectors.consultation_hours_upcoming(
            pages=ConsultationHoursPage.objects.for_readers(locale=self.locale),
            locale=self.locale,
            now=timezone.now(),
        )
        return context


class InformationPage(InfoPage):
    body = StreamField(body_blocks(), verbose_name=_("content"))

    parent_page_types = ["info.HomePage", "info.InformationPage"]
    subpage_types = [
        "info.InformationPage",
        "info.ConsultationHoursPage",
        "info.SupportSchemePage",
    ]
    content_panels = [*InfoPage.content_panels, FieldPanel("body")]
    search_fields = [*InfoPage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("information page")

    @cached_property
    def reading_minutes(self) -> int:
        return selectors.reading_minutes(stream=self.body.raw_data)


class LocationKind(models.TextChoices):
    ADDRESS = "address", _("At an address")
    ONLINE = "online", _("Online or by phone")


class Access(models.TextChoices):
    WALK_IN = "walk_in", _("Walk in, no appointment needed")
    APPOINTMENT = "appointment", _("By appointment")
    BOTH = "both", _("Walk in or make an appointment")


class ConsultationHoursPageQuerySet(PageQuerySet):
    def for_readers(self, *, locale: Locale) -> ConsultationHoursPageQuerySet:
        """Published public pages in `locale`, with what a summary of them reads."""
        return (
            self.live()
            .public()
            .filter(locale=locale)
            .select_related("organisation")
            .prefetch_related("exceptions")
        )


class ConsultationHoursPage(InfoPage):
    """A recurring consultation hour with structured place, access and dates."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="consultation_pages",
    )
    location_kind = models.CharField(
        _("where"), max_length=10, choices=LocationKind.choices, default=LocationKind.ADDRESS
    )
    address = models.TextField(_("address"), blank=True)
    online_details = models.TextField(
        _("how to join online or by phone"),
        blank=True,
        help_text=_("For example: the phone number to call, or how to get the video link."),
    )
    access = models.CharField(
        _("walk in or appointment"), max_length=12, choices=Access.choices, default=Access.WALK_IN
    )
    how_to_book = models.TextField(_("how to make an appointment"), blank=True)
    anonymous = models.BooleanField(
        _("anonymous"), default=False, help_text=_("You do not have to give your name.")
    )
    is_free = models.BooleanField(_("free of charge"), default=True)
    cost_note = models.CharField(_("cost"), max_length=200, blank=True)
    languages = ParentalManyToManyField(
        SpokenLanguage, verbose_name=_("languages spoken"), blank=True
    )

    frequency = models.CharField(
        _("how often"),
        max_length=12,
        choices=recurrence.REPEATING_FREQUENCY_CHOICES,
        default=recurrence.Frequency.MONTHLY,
    )
    ordinal = models.SmallIntegerField(
        _("which one in the month"),
        choices=recurrence.Ordinal.choices,
        null=True,
        blank=True,
        help_text=_("Only for monthly: for example the first Tuesday of the month."),
    )
    weekday = models.SmallIntegerField(_("day"), choices=recurrence.Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    valid_from = models.DateField(_("first date"), default=dt.date.today)
    valid_until = models.DateField(
        _("last date"), null=True, blank=True, help_text=_("Leave empty if there is no end.")
    )
    body = StreamField(body_blocks(), blank=True, verbose_name=_("more information"))

    parent_page_types = ["info.HomePage", "info.InformationPage"]
    subpage_types: list[str] = []
    content_panels = [
        *InfoPage.content_panels,
        FieldPanel("organisation"),
        MultiFieldPanel(
            [
                FieldPanel("frequency"),
                FieldRowPanel([FieldPanel("ordinal"), FieldPanel("weekday")]),
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
            ],
            heading=_("When"),
        ),
        InlinePanel(
            "exceptions",
            heading=_("Changes to the usual dates"),
            label=_("change"),
            help_text=_("A cancelled date, a moved date or a closure (for example a holiday)."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("location_kind"),
                FieldPanel("address"),
                FieldPanel("online_details"),
                FieldPanel("access"),
                FieldPanel("how_to_book"),
            ],
            heading=_("Where and how"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("anonymous"),
                FieldPanel("is_free"),
                FieldPanel("cost_note"),
                FieldPanel("languages"),
            ],
            heading=_("Good to know"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *InfoPage.search_fields,
        index.SearchField("address"),
        index.SearchField("body"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
    ]

    base_form_class = ConsultationHoursPageForm
    objects = PageManager.from_queryset(ConsultationHoursPageQuerySet)()

    class Meta:
        verbose_name = _("consultation hours")
        verbose_name_plural = _("consultation hours")

    @property
    def rule(self) -> recurrence.Rule:
        return recurrence.Rule(
            frequency=self.frequency,
            weekday=self.weekday,
            ordinal=self.ordinal,
            start_time=self.start_time,
            end_time=self.end_time,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
        )

    @property
    def rule_text(self) -> str:
        return recurrence.describe(self.rule)

    def rule_is_complete(self) -> bool:
        return None not in (self.weekday, self.start_time, self.end_time, self.valid_from)

    def clean(self):
        super().clean()
        if self.frequency != recurrence.Frequency.MONTHLY:
            self.ordinal = None
        if self.location_kind == LocationKind.ADDRESS and not self.address.strip():
            raise ValidationError({"address": _("Give the address, or choose online or phone.")})
        if self.location_kind == LocationKind.ONLINE and not self.online_details.strip():
            raise ValidationError(
                {"online_details": _("Tell readers how to join online or by phone.")}
            )
        if self.access != Access.WALK_IN and not self.how_to_book.strip():
            raise ValidationError({"how_to_book": _("Tell readers how to make an appointment.")})
        if self.rule_is_complete():
            errors = recurrence.rule_errors(self.rule)
            if errors:
                raise ValidationError(errors)

    def get_context(self, request: HttpRequest, *args: object, **kwargs: object) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["schedule"] = selectors.consultation_schedule(page=self, now=timezone.now())
        context["organisation"] = selectors.organisation_for_readers(
            organisation=self.organisation, locale=self.locale
        )
        return context


class ConsultationHoursException(Orderable):
    """A change to the usual dates, shown to readers: cancelled, moved or closed."""

    page = ParentalKey(ConsultationHoursPage, related_name="exceptions", on_delete=models.CASCADE)
    kind = models.CharField(
        _("what changes"), max_length=10, choices=recurrence.ExceptionKind.choices
    )
    date = models.DateField(
        _("date"), help_text=_("The usual date that changes, or the first closed day.")
    )
    end_date = models.DateField(_("last closed day"), null=True, blank=True)
    new_date = models.DateField(_("new date"), null=True, blank=True)
    new_start_time = models.TimeField(_("new start time"), null=True, blank=True)
    new_end_time = models.TimeField(_("new end time"), null=True, blank=True)
    note = models.CharField(
        _("note for readers"),
        max_length=200,
        blank=True,
        help_text=_("For example: closed for the holidays, or: in room 2 this time."),
    )

    panels = [
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("end_date")]),
        FieldRowPanel(
            [FieldPanel("new_date"), FieldPanel("new_start_time"), FieldPanel("new_end_time")]
        ),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("change to the usual dates")
        verbose_name_plural = _("changes to the usual dates")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"

    @property
    def spec(self) -> recurrence.RuleException:
        return recurrence.RuleException(
            kind=self.kind,
            date=self.date,
            end_date=self.end_date,
            new_date=self.new_date,
            new_start_time=self.new_start_time,
            new_end_time=self.new_end_time,
            note=self.note,
        )

    def clean(self):
        super().clean()
        if not self.kind or not self.date:
            return
        page = getattr(self, "page", None)
        rule = page.rule if page is not None and page.rule_is_complete() else None
        errors = recurrence.exception_errors(rule, self.spec)
        if errors:
            raise ValidationError(errors)


class SchemeStatus(models.TextChoices):
    OPEN = "open", _("Open: you can apply")
    CLOSED = "closed", _("Closed: you cannot apply now")
    HISTORICAL = "historical", _("Ended: this scheme no longer exists")


class SupportSchemePage(InfoPage):
    """An income-support or other scheme: who it is for, who not, and who helps."""

    status = models.CharField(
        _("status"), max_length=12, choices=SchemeStatus.choices, default=SchemeStatus.OPEN
    )
    open_from = models.DateField(_("open from"), null=True, blank=True)
    open_until = models.DateField(_("open until"), null=True, blank=True)
    status_note = models.TextField(_("about the status"), blank=True)
    for_whom = RichTextField(_("who it is for"), features=RICH_TEXT_FEATURES)
    not_for = RichTextField(
        _("who cannot use it, and what they can use instead"),
        features=RICH_TEXT_FEATURES,
        blank=True,
    )
    what_you_need = RichTextField(_("what you need"), features=RICH_TEXT_FEATURES, blank=True)
    helper = models.ForeignKey(
        Organisation,
        verbose_name=_("who helps you apply"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    how_to_apply = RichTextField(_("how to apply"), features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(body_blocks(), blank=True, verbose_name=_("more information"))

    parent_page_types = ["info.HomePage", "info.InformationPage"]
    subpage_types: list[str] = []
    content_panels = [
        *InfoPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("open_from"), FieldPanel("open_until")]),
                FieldPanel("status_note"),
            ],
            heading=_("Status"),
        ),
        FieldPanel("for_whom"),
        FieldPanel("not_for"),
        InlinePanel(
            "alternatives",
            heading=_("Use this instead"),
            label=_("alternative"),
            help_text=_("Pages about other help for people who cannot use this scheme."),
        ),
        FieldPanel("what_you_need"),
        FieldPanel("helper"),
        FieldPanel("how_to_apply"),
        FieldPanel("body"),
    ]
    search_fields = [
        *InfoPage.search_fields,
        index.SearchField("for_whom"),
        index.SearchField("not_for"),
        index.SearchField("what_you_need"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("support scheme")

    def clean(self):
        super().clean()
        if self.open_from and self.open_until and self.open_until < self.open_from:
            raise ValidationError({"open_until": _("The end date must not be before the start.")})
        if self.status == SchemeStatus.HISTORICAL and not self.open_until:
            raise ValidationError({"open_until": _("Give the date on which the scheme ended.")})
        today = timezone.localdate()
        if self.status == SchemeStatus.OPEN and self.open_until and self.open_until < today:
            raise ValidationError({"status": _("The end date has passed: choose closed or ended.")})

    def get_context(self, request: HttpRequest, *args: object, **kwargs: object) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["helper"] = selectors.organisation_for_readers(
            organisation=self.helper, locale=self.locale
        )
        context["alternatives"] = selectors.localized_pages(
            pages=[item.alternative for item in self.alternatives.all()], locale=self.locale
        )
        return context


class SupportSchemeAlternative(Orderable):
    """A page for readers who cannot use the scheme (for example TONK instead of Tozo)."""

    scheme = ParentalKey(SupportSchemePage, related_name="alternatives", on_delete=models.CASCADE)
    alternative = models.ForeignKey(
        Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("alternative")]

    class Meta(Orderable.Meta):
        verbose_name = _("alternative")


class OrganisationDirectoryPage(InfoPage):
    """All organisations in the reader's language, filterable by topic and language."""

    body = StreamField(body_blocks(), blank=True, verbose_name=_("content"))

    parent_page_types = ["info.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    content_panels = [*InfoPage.content_panels, FieldPanel("body")]

    class Meta:
        verbose_name = _("organisation directory")

    def get_context(self, request: HttpRequest, *args: object, **kwargs: object) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["directory"] = selectors.organisation_directory(
            locale=self.locale,
            topic=request.GET.get("topic", ""),
            language=request.GET.get("language", ""),
        )
        return context
