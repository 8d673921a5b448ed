"""Which models can be moderated, and how the toolkit reaches them.

`community/` never imports forum, chat or events. Each app registers its moderatable
content in `AppConfig.ready()` with `community.registries.content.register_content`:

    register_content(
        Post,
        audit_label="forum.post",                  # audit actions: forum.post.hidden ...
        author=lambda post: post.author,
        url=lambda post: post.get_absolute_url(),
        preview=lambda post: post.body[:300],      # plain text, escaped by templates
        purge=post_purge,                          # (obj, actor) -> None: delete it for good
        edit=post_edit_by_moderator,               # optional (obj, actor, text, reason) -> bool
        text=lambda post: post.body,               # optional: current text for the edit form
        related=("author", "thread"),              # optional: select_related for the queue
        context=lambda post: post.thread.title,    # optional: "where" shown in the queue
        visible_to=post_visible_to,                # optional (obj, user) -> bool: may report
        on_state_changed=post_state_changed,       # optional (obj, old, new) -> None
    )

The toolkit then finds the adapter for an instance with `adapter_for(obj)`.

Hooks and the toolkit's transaction. The toolkit calls `purge`, `edit` and
`on_state_changed` inside its own transaction, so what the app does there (recount a
thread, queue notifications with `transaction.on_commit`) commits or rolls back with
the moderation action. `on_state_changed` runs once per real change of
`moderation_state` (held, visible, hidden), never for a repeated action; it is how an
app keeps its caches in step, instead of a signal on save. `edit` returns False when
the text did not change, and writes no audit entry: the toolkit writes the one entry.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass(frozen=True)
class ContentAdapter:
    model: type[models.Model]
    audit_label: str
    author: Callable[[Any], Any]
    url: Callable[[Any], str]
    preview: Callable[[Any], str]
    purge: Callable[[Any, Any], None]
    edit: Callable[[Any, Any, str, str], bool | None] | None = None
    text: Callable[[Any], str] | None = None
    related: tuple[str, ...] = field(default_factory=tuple)
    context: Callable[[Any], str] | None = None
    visible_to: Callable[[Any, Any], bool] | None = None
    on_state_changed: Callable[[Any, str, str], None] | None = None

    def state_changed(self, obj: Any, *, old: str, new: str) -> None:
        """Tell the app that `obj` went from state `old` to `new` (toolkit only)."""
        if self.on_state_changed is not None and old != new:
            self.on_state_changed(obj, old, new)

    def can_see(self, obj: Any, user: Any) -> bool:
        """May `user` see `obj` (and so report it)? Apps without a hook: yes."""
        return self.visible_to is None or bool(self.visible_to(obj, user))

    @property
    def is_moderatable(self) -> bool:
        """True when the model carries the Moderatable fields (hold/hide/restore)."""
        names = {f.name for f in self.model._meta.get_fields()}
        return {"moderation_state", "moderation_reason", "hidden_at"} <= names

    def label_for(self, obj: Any) -> str:
        """A short, content-free label for the audit log: `forum.post #12`."""
        return f"{self.audit_label} #{obj.pk}"

    def current_text(self, obj: Any) -> str:
        if self.text is not None:
            return self.text(obj)
        return getattr(obj, "body", "")

    @property
    def can_edit(self) -> bool:
        return self.edit is not None or any(f.name == "body" for f in self.model._meta.get_fields())


_registry: dict[type[models.Model], ContentAdapter] = {}


def register_content(
    model: type[models.Model],
    *,
    audit_label: str,
    author: Callable[[Any], Any],
    url: Callable[[Any], str],
    preview: Callable[[Any], str],
    purge: Callable[[Any, Any], None],
    edit: Callable[[Any, Any, str, str], bool | None] | None = None,
    text: Callable[[Any], str] | None = None,
    related: tuple[str, ...] = (),
    context: Callable[[Any], str] | None = None,
    visible_to: Callable[[Any, Any], bool] | None = None,
    on_state_changed: Callable[[Any, str, str], None] | None = None,
) -> ContentAdapter:
    """Register `model` as moderatable content. Registering again replaces the adapter
    (safe under autoreload and in tests)."""
    adapter = ContentAdapter(
        model=model,
        audit_label=audit_label,
        author=author,
        url=url,
        preview=preview,
        purge=purge,
        edit=edit,
        text=text,
        related=tuple(related),
        context=context,
        visible_to=visible_to,
        on_state_changed=on_state_changed,
    )
    _registry[_concrete(model)] = adapter
    return adapter


def unregister_content(model: type[models.Model]) -> None:
    _registry.pop(_concrete(model), None)


class NotRegistered(LookupError):
    pass


def adapter_for(obj_or_model: Any) -> ContentAdapter:
    """The adapter for a model instance (or model class); NotRegistered otherwise."""
    # `__class__`, not type(): request.user is a SimpleLazyObject proxying a User.
    model = obj_or_model if isinstance(obj_or_model, type) else obj_or_model.__class__
    try:
        return _registry[_concrete(model)]
    except KeyError:
        raise NotRegistered(f"{model.__name__} is not registered for moderation") from None


def is_registered(obj_or_model: Any) -> bool:
    try:
        adapter_for(obj_or_model)
    except NotRegistered:
        return False
    return True


def registered_models() -> list[type[models.Model]]:
    return list(_registry)


def _concrete(model: type[models.Model]) -> type[models.Model]:
    # Deferred-field querysets create proxy subclasses; look up the concrete model.
    return model._meta.concrete_model or model
