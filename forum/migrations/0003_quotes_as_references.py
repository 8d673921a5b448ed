"""Quotes become references. A quote used to copy the quoted post's text into the
quoting post ("> [@roos](/forum/p/12/):" and the text under it), where purge, edit and
deletion could not reach it, least of all nested ones. Each copied quote that a
PostQuote row points at becomes the token "[quote #12]", shown at display time with
the quoted post's current text; the copy, and any quote nested inside it, goes. The
quoting post's earlier versions are converted the same way."""

from django.db import migrations

from forum.quotes import body_render, legacy_quotes_to_tokens


def copies_to_references(apps, schema_editor):
    Post = apps.get_model("forum", "Post")
    PostQuote = apps.get_model("forum", "PostQuote")
    PostRevision = apps.get_model("forum", "PostRevision")
    quoted_by_post: dict[int, set[int]] = {}
    for post_id, quoted_id in PostQuote.objects.values_list("post_id", "quoted_id"):
        quoted_by_post.setdefault(post_id, set()).add(quoted_id)
    for post_id, quoted_ids in quoted_by_post.items():
        rows = [*Post.objects.filter(pk=post_id), *PostRevision.objects.filter(post_id=post_id)]
        for row in rows:
            body = legacy_quotes_to_tokens(row.body, post_ids=quoted_ids)
            if body != row.body:
                row.body = body
                row.body_html = body_render(body)
                row.save(update_fields=["body", "body_html"])


class Migration(migrations.Migration):
    dependencies = [("forum", "0002_thread_listing_index")]

    operations = [migrations.RunPython(copies_to_references, migrations.RunPython.noop)]
