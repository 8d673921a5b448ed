"""The Jinja2 environment for the fragments rendered many times per page.

Django templates stay the default (TEMPLATES lists them first); Jinja2 renders the
parts a page repeats fifty times, such as a thread's posts, where Django's template
engine cost ten times more than the markup (issue 8). What keeps it as safe as a
Django template:

- autoescape is always on, whatever the settings pass: every value is escaped unless
  it is `markupsafe.Markup`, and only the one sanitiser's stored output is made Markup
  (forum.rendering.post_body);
- strings go through Django's own gettext (`_()`, `{% trans %}`), so the catalogs and
  the active language are Django's; new-style gettext escapes the values put in;
- `url()` is Django's reverse and `static()` Django's static: no paths built by hand.
"""

from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, npgettext, pgettext
from jinja2 import Environment

from community.privacy.selectors import is_former_member


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    options.pop("autoescape", None)  # always on, whatever TEMPLATES says
    extensions = [*options.pop("extensions", []), "jinja2.ext.i18n"]
    env = Environment(autoescape=True, extensions=extensions, **options)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext, newstyle=True
    )
    env.globals.update(url=url, static=static, is_former_member=is_former_member)
    env.filters["localtime"] = timezone.localtime
    return env
