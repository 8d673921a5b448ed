"""Forum forms. They only parse input; the rules live in forum.services.

Every writing form carries a one-time `token`: the same submit sent twice (a double
click, a retried request) creates one post. Limits are checked again by the services.
"""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.models import TITLE_MAX_LENGTH, Category, Reaction


def new_token() -> str:
    return uuid.uuid4().hex


class _WritingForm(forms.Form):
    body = forms.CharField(
        label=_("Your text"),
        # No max_length here: the service gives the friendly message (with the
        # length), and the browser's maxlength would silently cut a paste.
        widget=forms.Textarea(attrs={"rows": 8, "data-forum-editor": ""}),
        strip=False,
        required=False,
        help_text=_("Markdown works: **bold**, *italic*, > quote, - list."),
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    post_anyway = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", new_token())


class ThreadForm(_WritingForm):
    title = forms.CharField(
        label=_("Title"),
        required=False,
        widget=forms.TextInput(attrs={"data-maxlength": TITLE_MAX_LENGTH}),
        help_text=_("At most %(limit)s characters.") % {"limit": TITLE_MAX_LENGTH},
    )
    field_order = ["title", "body"]


class ReplyForm(_WritingForm):
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EditForm(_WritingForm):
    reason = forms.CharField(
        label=_("Reason for the edit (moderators)"), required=False, max_length=500
    )


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=Reaction.Kind.choices)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the forum"), max_length=200, required=False)


class ThreadToolsForm(forms.Form):
    ACTIONS = [
        ("lock", _("Lock")),
        ("unlock", _("Unlock")),
        ("pin", _("Pin")),
        ("unpin", _("Unpin")),
        ("move", _("Move to another category")),
        ("close_at", _("Close at a time")),
        ("slow_mode", _("Slow mode")),
        ("merge", _("Merge into another thread")),
    ]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    reason = forms.CharField(label=_("Reason (for the audit log)"), max_length=500)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    slow_mode_minutes = forms.IntegerField(
        label=_("Minutes between posts (0 = off)"), min_value=0, max_value=1440, required=False
    )
    merge_into = forms.IntegerField(
        label=_("Number of the thread to merge into"), min_value=1, required=False
    )

    def clean(self):
        data = super().clean()
        action = data.get("action")
        needs = {"move": "category", "slow_mode": "slow_mode_minutes", "merge": "merge_into"}
        if action in needs and data.get(needs[action]) in (None, ""):
            self.add_error(needs[action], _("This action needs this field."))
        return data


class SplitForm(forms.Form):
    title = forms.CharField(label=_("Title of the new thread"), required=False)
    posts = forms.TypedMultipleChoiceField(
        label=_("Replies to move"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("Reason (for the audit log)"), max_length=500)

    def __init__(self, *args, post_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posts"].choices = post_choices
