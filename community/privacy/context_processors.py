from typing import Any

from django.conf import settings
from django.http import HttpRequest


def privacy(request: HttpRequest) -> dict[str, Any]:
    """The quick-exit destination, for the button in base.html."""
    return {"QUICK_EXIT_URL": settings.QUICK_EXIT_URL}
