"""Page types and snippets for Kring's public information.

Pages hold fields, panels, page-type rules, search fields and a get_context of a few
lines; reads that cross relations live in selectors.py, recurrence maths in
recurrence.py.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    AbstractGroupApprovalTask,
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail.url_routing import RouteResult

from community.info import recurrence
from community.info.blocks import RICH_TEXT_FEATURES, body_blocks, home_blocks


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

    def copy_for_translation(self, locale, exclude_fields=None):
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


# --- Pages ---------------------------------------------------------------------------


class TranslatedPageForm(WagtailAdminPageForm):
    """Refuses to publish a translation that still carries the source language's text.

    Saving a draft is always allowed (a translator works in steps); publishing or
    submitting for review checks the fields in `Page.translated_fields`.
    """

    def clean(self):
        cleaned = super().clean()
        wants_live = any(
            name in self.data
            for name in ("action-publish", "action-submit", "action-workflow-action")
        )
        if wants_live and self.instance.pk:
            from community.info.selectors import untranslated_fields

            for name in untranslated_fields(page=self.instance, values=cleaned):
                self.add_error(
                    name,
                    _("This is still the text of the original language. Translate it first."),
                )
        return cleaned


class ConsultationHoursPageForm(TranslatedPageForm):
    """Checks each change to the usual dates against the page's own rule.

    Inline child forms are validated without their parent, so the cross-check runs
    here, once the page and all formsets have been validated on their own.
    """

    def is_valid(self):
        valid = super().is_valid()
        page = self.instance
        formset = self.formsets.get("exceptions")
        if formset is None or not page.rule_is_complete() or recurrence.rule_errors(page.rule):
            return valid
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("kind") or not data.get("date"):
                continue
            spec = recurrence.RuleException(
                kind=data["kind"],
                date=data["date"],
                end_date=data.get("end_date"),
                new_date=data.get("new_date"),
                new_start_time=data.get("new_start_time"),
                new_end_time=data.get("new_end_time"),
            )
            for field, message in recurrence.exception_errors(page.rule, spec).items():
                form.add_error(field, message)
                valid = False
        return valid


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


class HomePage(InfoPage):
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

    def get_context(self, request, *args, **kwargs):
        from community.info import selectors

        context = super().get_context(request, *args, **kwargs)
        context["consultations"] = selectors.consultation_hours_upcoming(
            locale=self.locale, now=timezone.now()
        )
        return context

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            from community.info.selectors import page_in_other_language

            found = page_in_other_language(home=self, path_components=path_components)
            if found is None:
                raise
            return RouteResult(self, kwargs={"other_language_page": found})

    def serve(self, request, *args, other_language_page=None, **kwargs):
        if other_language_page is None:
            return super().serve(request, *args, **kwargs)
        from community.info.selectors import live_translation

        translation = live_translation(page=other_language_page, locale=self.locale)
        if translation is not None:
            return redirect(translation.url)
        return TemplateResponse(
            request,
            "info/untranslated.html",
            {"page": self, "original": other_language_page, "self": self},
        )


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
        from community.info.selectors import reading_minutes

        return reading_minutes(self.body.raw_data)


class LocationKind(models.TextChoices):
    ADDRESS = "address", _("At an address")
    ONLINE = "online", _("Online or by phone")


class Access(models.TextChoices):
    WALK_IN = "walk_in", _("Walk in, no appointment needed")
    APPOINTMENT = "appointment", _("By appointment")
    BOTH = "both", _("Walk in or make an appointment")


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
        choices=recurrence.Frequency.choices,
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

    def get_context(self, request, *args, **kwargs):
        from community.info import selectors

        context = super().get_context(request, *args, **kwargs)
        context["schedule"] = selectors.consultation_schedule(page=self, now=timezone.now())
        context["organisation"] = selectors.organisation_for_readers(
            self.organisation, locale=self.locale
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

    def get_context(self, request, *args, **kwargs):
        from community.info import selectors

        context = super().get_context(request, *args, **kwargs)
        context["helper"] = selectors.organisation_for_readers(self.helper, locale=self.locale)
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

    def get_context(self, request, *args, **kwargs):
        from community.info import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(
            selectors.organisation_directory(
                locale=self.locale,
                topic=request.GET.get("topic", ""),
                language=request.GET.get("language", ""),
            )
        )
        return context


# --- Editors' workflow -----------------------------------------------------------------


class SecondEditorApprovalTask(AbstractGroupApprovalTask):
    """Group approval in which the editor who submitted a page cannot approve it.

    Wagtail's GroupApprovalTask lets any member of the group approve, including the
    one who wrote the change; the municipality wants a second pair of eyes.
    """

    class Meta:
        verbose_name = _("review by a second editor")
        verbose_name_plural = _("reviews by a second editor")

    def _is_submitter(self, obj, user) -> bool:
        state = getattr(obj, "current_workflow_state", None)
        return bool(state and state.requested_by_id == user.pk)

    def get_actions(self, obj, user):
        if self._is_submitter(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return (
            super()
            .get_task_states_user_can_moderate(user, **kwargs)
            .exclude(workflow_state__requested_by=user)
        )

    def on_action(self, task_state, user, action_name, **kwargs):
        if task_state.workflow_state.requested_by_id == user.pk:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("The editor who submitted a change cannot approve it.")
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("A member of the chosen groups, other than the submitter, approves")
