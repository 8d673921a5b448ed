from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        from django.urls import reverse

        from community.registries.content import register_content
        from community.registries.member_data import register_member_data
        from forum import policies, privacy, services
        from forum.models import Post

        register_content(
            Post,
            audit_label="forum.post",
            author=lambda post: post.author,
            url=lambda post: reverse("forum:post", args=[post.pk]),
            preview=lambda post: post.body[:300],
            purge=lambda post, actor: services.post_purge(post=post, actor=actor),
            edit=lambda post, actor, text, reason: services.post_edit_by_moderator(
                post=post, actor=actor, text=text, reason=reason
            ),
            text=lambda post: post.body,
            related=("author", "thread__category"),
            context=lambda post: post.thread.title,
            on_state_changed=lambda post, old, new: services.post_state_changed(
                post=post, old=old, new=new
            ),
            # Reporting a post one cannot read answers like a missing id.
            visible_to=lambda post, user: policies.can_report(user, post),
        )
        register_member_data(
            "forum",
            export=privacy.forum_member_export,
            erase=privacy.forum_member_erase,
            anonymise=privacy.forum_member_anonymise,
        )
