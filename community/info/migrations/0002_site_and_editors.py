"""The site skeleton and the editors' setup.

- help topics and spoken languages (fixed rows);
- the "en" locale next to the default "nl";
- a Dutch HomePage replacing Wagtail's placeholder "Welcome" page as the default
  site's root, and its English translation (same translation_key);
- the "editor" group's Wagtail permissions and the "Two-editor review" workflow.

Historical models cannot use treebeard's add_child, so the two home pages get their
tree paths here by hand (as Wagtail's own project template does).
"""

import uuid

from django.db import migrations

from community.info import services

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def _encode(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def _next_child_path(root, Page) -> str:
    last = Page.objects.filter(depth=root.depth + 1, path__startswith=root.path).order_by("-path")
    last = last.values_list("path", flat=True).first()
    number = int(last[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
    return root.path + _encode(number)


def create_site(apps, schema_editor):
    services.lookups_ensure(apps=apps)
    locales = services.locales_ensure(apps=apps)

    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("info", "HomePage")

    root = Page.objects.filter(depth=1).first()
    if root is not None and not HomePage.objects.exists():
        page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
        placeholders = Page.objects.filter(
            depth=2, content_type=page_type, numchild=0, path__startswith=root.path
        )
        removed = placeholders.count()
        placeholders.delete()  # also removes the Site that pointed at it
        home_type, _ = ContentType.objects.get_or_create(app_label="info", model="homepage")
        key = uuid.uuid4()
        homes = {}
        for code, title, slug in (("nl", "Kring", "home"), ("en", "Kring", "home-en")):
            path = _next_child_path(root, Page)
            homes[code] = HomePage.objects.create(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=home_type,
                path=path,
                depth=2,
                numchild=0,
                url_path=f"/{slug}/",
                locale=locales[code],
                translation_key=key,
                live=True,
                has_unpublished_changes=False,
            )
        root.numchild = root.numchild - removed + len(homes)
        root.save(update_fields=["numchild"])
        Site.objects.filter(is_default_site=True).delete()
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page_id=homes["nl"].pk,
            is_default_site=True,
            site_name="Kring",
        )

    services.editor_permissions_ensure(apps=apps)
    services.editor_workflow_ensure(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("info", "0001_initial"),
        ("community", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("simple_translation", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_site, migrations.RunPython.noop)]
