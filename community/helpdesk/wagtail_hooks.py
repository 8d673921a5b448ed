"""Wagtail admin: the help desk's response-time figures for editors. Figures only:
no request, subject or member ever reaches the admin."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from community.helpdesk import policies, selectors


class ResponseTimesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "helpdesk/admin/response_times.html"
    page_title = _("Help desk response times")
    header_icon = "time"

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        if not policies.can_view_response_times(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = selectors.response_times()
        context["days"] = selectors.RESPONSE_TIME_DAYS
        return context


class ResponseTimesMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return policies.can_view_response_times(request.user)


@hooks.register("register_admin_urls")
def response_times_urls():
    return [
        path(
            "helpdesk/response-times/",
            ResponseTimesView.as_view(),
            name="helpdesk_response_times",
        )
    ]


@hooks.register("register_admin_menu_item")
def response_times_menu_item():
    return ResponseTimesMenuItem(
        _("Help desk response times"),
        reverse("helpdesk_response_times"),
        icon_name="time",
        order=900,
    )
