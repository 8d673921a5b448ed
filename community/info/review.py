"""The review task of the "Two-editor review" workflow, for pages and organisations.

A task is a model (Wagtail stores each task as a row), so models.py re-exports it and
Django registers it through that import. What happens once the task is approved is in
workflows.py, which Wagtail imports while its own models are still being defined.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState


class SecondEditorApprovalTask(AbstractGroupApprovalTask):
    """Group approval in which the editor who submitted a change cannot approve it.

    Wagtail's GroupApprovalTask lets any member of the group approve, including the
    one who wrote the change; the municipality wants a second pair of eyes on pages
    and on organisations alike.
    """

    class Meta:
        verbose_name = _("review by a second editor")
        verbose_name_plural = _("reviews by a second editor")

    def _is_submitter(self, obj: Model, user: AbstractBaseUser) -> bool:
        state = getattr(obj, "current_workflow_state", None)
        return bool(state and state.requested_by_id == user.pk)

    def get_actions(self, obj: Model, user: AbstractBaseUser) -> list[tuple[str, str, bool]]:
        if self._is_submitter(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(
        self, user: AbstractBaseUser, **kwargs: object
    ) -> QuerySet[TaskState]:
        return (
            super()
            .get_task_states_user_can_moderate(user, **kwargs)
            .exclude(workflow_state__requested_by=user)
        )

    def on_action(
        self, task_state: TaskState, user: AbstractBaseUser, action_name: str, **kwargs: object
    ) -> object:
        # The admin only offers "approve" to others (get_actions), but a crafted POST
        # or a script reaches this directly.
        if task_state.workflow_state.requested_by_id == user.pk:
            raise PermissionDenied("The editor who submitted a change cannot approve it.")
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls) -> str:
        return _("A member of the chosen groups, other than the submitter, approves")
