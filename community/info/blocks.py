"""StreamField blocks for the public information pages.

Each block renders with its own small template under info/blocks/, so pages stay
readable without JavaScript (the FAQ uses <details>).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError, StructValue
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Locale
from wagtail.snippets.blocks import SnippetChooserBlock

from community.info import selectors

# Rich text stays simple on purpose: plain language, no tables or embeds.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"), max_length=120)

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "info/blocks/heading.html"


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[
            ("info", _("Information")),
            ("tip", _("Tip")),
            ("warning", _("Important")),
        ],
        default="info",
    )
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "info/blocks/callout.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("answer"), features=RICH_TEXT_FEATURES)


class FaqBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    questions = blocks.ListBlock(QuestionBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Questions and answers")
        template = "info/blocks/faq.html"


class ContactCardBlock(blocks.StructBlock):
    """Either an organisation from the directory or contact details typed in."""

    organisation = SnippetChooserBlock("info.Organisation", label=_("organisation"), required=False)
    name = blocks.CharBlock(
        label=_("name"),
        required=False,
        max_length=120,
        help_text=_("Leave empty to use the organisation's name."),
    )
    phone = blocks.CharBlock(label=_("phone"), required=False, max_length=60)
    email = blocks.EmailBlock(label=_("e-mail"), required=False)
    website = blocks.URLBlock(label=_("website"), required=False)
    note = blocks.TextBlock(label=_("note"), required=False)

    class Meta:
        icon = "user"
        label = _("Contact card")
        template = "info/blocks/contact_card.html"

    def get_context(self, value: StructValue, parent_context: dict | None = None) -> dict:
        """Only the published version of the organisation, in the reader's language."""
        context = super().get_context(value, parent_context=parent_context)
        context["organisation"] = selectors.organisation_for_readers(
            organisation=value.get("organisation"), locale=Locale.get_active()
        )
        return context

    def clean(self, value: StructValue) -> StructValue:
        value = super().clean(value)
        if not value.get("organisation") and not value.get("name"):
            raise StructBlockValidationError(
                block_errors={"name": ValidationError(_("Choose an organisation or give a name."))}
            )
        return value


class GoodToKnowBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), default=_("Good to know"), max_length=120)
    items = blocks.ListBlock(
        blocks.CharBlock(label=_("point"), max_length=300), label=_("points"), min_num=1
    )

    class Meta:
        icon = "list-ul"
        label = _("Good to know")
        template = "info/blocks/good_to_know.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("description for screen readers"),
        required=False,
        max_length=200,
        help_text=_("Describe what the image shows. Leave empty if it is only decoration."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "info/blocks/image.html"


class PageLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("page"))
    label = blocks.CharBlock(
        label=_("link text"),
        required=False,
        max_length=80,
        help_text=_("Leave empty to use the page title."),
    )
    description = blocks.CharBlock(label=_("short description"), required=False, max_length=160)


class TopicLinksBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    links = blocks.ListBlock(PageLinkBlock(), label=_("links"), min_num=1)

    class Meta:
        icon = "link"
        label = _("Links to topics")
        template = "info/blocks/topic_links.html"

    def get_context(self, value: StructValue, parent_context: dict | None = None) -> dict:
        """Each linked page in the reader's language, fetched in one query."""
        context = super().get_context(value, parent_context=parent_context)
        links = [link for link in value["links"] if link["page"] is not None]
        pages = selectors.localized_pages(
            pages=[link["page"] for link in links], locale=Locale.get_active()
        )
        by_key = {page.translation_key: page for page in pages}
        context["links"] = [
            (link, by_key[link["page"].translation_key])
            for link in links
            if link["page"].translation_key in by_key
        ]
        return context


class HowToJoinBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    steps = blocks.ListBlock(blocks.CharBlock(label=_("step"), max_length=300), label=_("steps"))
    button_label = blocks.CharBlock(label=_("button text"), max_length=60)

    class Meta:
        icon = "user"
        label = _("How to join")
        template = "info/blocks/how_to_join.html"


class HeroBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    text = blocks.TextBlock(label=_("text"))

    class Meta:
        icon = "pick"
        label = _("Introduction")
        template = "info/blocks/hero.html"


def body_blocks() -> list[tuple[str, blocks.Block]]:
    """The blocks of an information page body (also used on other page types)."""
    return [
        ("heading", HeadingBlock()),
        (
            "paragraph",
            blocks.RichTextBlock(
                label=_("Text"), features=RICH_TEXT_FEATURES, template="info/blocks/paragraph.html"
            ),
        ),
        ("callout", CalloutBlock()),
        ("faq", FaqBlock()),
        ("contact", ContactCardBlock()),
        ("good_to_know", GoodToKnowBlock()),
        ("image", ImageBlock()),
    ]


def home_blocks() -> list[tuple[str, blocks.Block]]:
    return [
        ("hero", HeroBlock()),
        ("topics", TopicLinksBlock()),
        ("how_to_join", HowToJoinBlock()),
        *body_blocks(),
    ]
