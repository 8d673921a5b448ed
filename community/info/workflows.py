"""What happens when the "Two-editor review" workflow is approved.

Wagtail's default finish action publishes the approved revision *as the approver*
and refuses when the approver lacks the publish permission. Kring's editors have no
publish permission on purpose (nobody publishes alone), so the approval itself is the
authorisation: the second editor's "approve" action was only offered because the
task allowed it (review.SecondEditorApprovalTask). Set in settings as
WAGTAIL_FINISH_WORKFLOW_ACTION. No imports at module level: Wagtail imports this
while its own models are being defined.
"""


def publish_after_review(workflow_state, user=None) -> None:
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
