"""Load demo accounts and every app's demo content (idempotent; not for production)."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.module_loading import autodiscover_modules, module_has_submodule


def demo_modules() -> list:
    """Every installed app's `demo` module, community's own (the accounts) first."""
    autodiscover_modules("demo")
    modules = [
        import_module(f"{config.name}.demo")
        for config in apps.get_app_configs()
        if module_has_submodule(config.module, "demo")
    ]
    modules.sort(key=lambda module: module.__name__ != "community.accounts.demo")
    return modules


class Command(BaseCommand):
    help = "Create demo accounts and demo content. Refuses unless DEBUG is on or --force."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (demo passwords are public: never in production).",
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not (settings.DEBUG or force):
            raise CommandError(
                "seed_demo creates accounts with public passwords; it only runs with "
                "DEBUG=1 or --force."
            )
        for module in demo_modules():
            with transaction.atomic():
                module.seed(stdout=self.stdout)
