from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        from django.db.models.signals import post_save
        from django.urls import reverse

        from community.moderation.registry import register_content
        from community.privacy.registry import register_member_data
        from forum import policies, privacy, services, signals
        from forum.models import Post

        register_content(
            Post,
            audit_label="forum.post",
            author=lambda post: post.author,
            url=lambda post: reverse("forum:post", args=[post.pk]),
            preview=lambda post: post.body[:300],
            purge=services.post_purge,
            edit=services.post_edit_by_moderator,
            text=lambda post: post.body,
            related=("author", "thread__category"),
            context=lambda post: post.thread.title,
            # Reporting a post one cannot read answers like a missing id.
            visible_to=lambda post, user: policies.can_report(user, post),
        )
        register_member_data(
            "forum",
            export=privacy.forum_member_export,
            erase=privacy.forum_member_erase,
            anonymise=privacy.forum_member_anonymise,
        )
        post_save.connect(signals.post_saved, sender=Post, dispatch_uid="forum.post_saved")
