"""The one sanitiser: every piece of member-written text is rendered here.

Markdown (markdown-it-py) to HTML, then bleach with an explicit allow-list. Templates
never mark user text safe any other way.
"""

from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe


def render_markdown(source: str) -> SafeString:
    """Render member-written Markdown to safe HTML.

    Placeholder until the full Markdown + bleach pipeline lands: escapes everything.
    """
    return mark_safe(linebreaks(escape(source)))  # noqa: S308 - escaped above
