"""Template tags for the information pages: language alternates and home-page panels."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from wagtail import hooks

from community.info import selectors

register = template.Library()

# Other apps add sections to the home page (for example the events app's upcoming
# public sessions) by registering a function under this hook name:
#   @hooks.register(HOME_PANELS_HOOK)
#   def upcoming_sessions(request, locale) -> str: return render_to_string(...)
# community.info never imports those apps (dependencies point inward).
HOME_PANELS_HOOK = "info_home_panels"


@register.simple_tag(takes_context=True)
def hreflang_links(context, page) -> SafeString:
    request = context.get("request")
    alternates = selectors.page_alternates(page=page)
    links = [
        (code, request.build_absolute_uri(url) if request else url) for code, url in alternates
    ]
    default = next((href for code, href in links if code == "nl"), None)
    html = format_html_join("\n", '<link rel="alternate" hreflang="{}" href="{}">', links)
    if default:
        html += format_html_join(
            "", '\n<link rel="alternate" hreflang="x-default" href="{}">', [(default,)]
        )
    return html


@register.simple_tag(takes_context=True)
def home_panels(context, locale) -> SafeString:
    request = context.get("request")
    parts = [str(fn(request, locale)) for fn in hooks.get_hooks(HOME_PANELS_HOOK)]
    # The hook functions are Kring's own code returning rendered templates.
    return mark_safe("\n".join(part for part in parts if part))  # noqa: S308
