"""One-time enrolment codes: how a staff account without any second factor gets its
first one, and how someone who lost both phone and backup codes gets a new one.

An administrator issues the code (a page for verified superusers, or the
`twofactor_enrolment_code` management command for the very first administrator) and
hands it over in person or by phone. Only a SHA-256 hash is stored: the code has 80
random bits, so a fast hash is enough, and the database never holds a usable code.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EnrolmentCodeQuerySet(models.QuerySet):
    def usable(self) -> "EnrolmentCodeQuerySet":
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class EnrolmentCode(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    code_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    objects = EnrolmentCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment code")
        verbose_name_plural = _("enrolment codes")

    def __str__(self) -> str:
        return f"enrolment code #{self.pk}"
