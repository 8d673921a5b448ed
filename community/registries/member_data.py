"""Every app's data about a member, gathered for export and deletion.

An app that stores rows about a member registers them once, in its AppConfig.ready(),
with `community.registries.member_data.register_member_data`:

    register_member_data(
        "forum",
        export=forum_member_export,        # (member) -> JSON-serialisable data
        erase=forum_member_erase,          # (member) -> None: delete what they wrote
        anonymise=forum_member_anonymise,  # (member, former_member) -> None
    )

When a member leaves, Kring calls either every `erase` or every `anonymise` (the
member's choice), inside one transaction, and then deletes the member's account row;
foreign keys with on_delete=CASCADE take the rest. `anonymise` reassigns what the member
wrote to the shared "former member" account (community.privacy.services.former_member)
and must remove anything else that identifies them (reactions, subscriptions, notes).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MemberExport = Callable[[Any], Any]
MemberErase = Callable[[Any], None]
MemberAnonymise = Callable[[Any, Any], None]


@dataclass(frozen=True)
class MemberDataSource:
    name: str
    export: MemberExport
    erase: MemberErase
    anonymise: MemberAnonymise


_sources: dict[str, MemberDataSource] = {}


def register_member_data(
    name: str,
    *,
    export: MemberExport,
    erase: MemberErase,
    anonymise: MemberAnonymise,
) -> None:
    """Register (or re-register, e.g. on a second ready() call) one app's member data.

    `name` becomes the key of this app's part in the member's JSON export.
    """
    _sources[name] = MemberDataSource(name=name, export=export, erase=erase, anonymise=anonymise)


def member_data_sources() -> list[MemberDataSource]:
    """The registered sources, in registration order."""
    return list(_sources.values())


def unregister_member_data(name: str) -> None:
    """Remove a source (tests use it to clean up after registering a fake one)."""
    _sources.pop(name, None)
