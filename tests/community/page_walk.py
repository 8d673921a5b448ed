"""Every page outside the staff areas, with real objects in its URL.

`walk_urls` (tests/community/staff_urls.py) gives one sample path per URL pattern,
with "1" for every id. Pages about one object are only worth asking for with objects
that exist, so `member_area_paths` puts each of the given objects into the pattern's
id argument instead (a pattern with an argument not in `objects` keeps its sample).
"""

from itertools import product

from django.urls import Resolver404, resolve, reverse

from community.twofactor.selectors import is_staff_path
from tests.community.staff_urls import walk_urls


def member_area_paths(objects: dict[str, list[int]]) -> list[str]:
    """Paths of every URL pattern outside settings.KRING_STAFF_PATH_PREFIXES, one per
    combination of `objects` (URL argument name → ids) the pattern takes."""
    paths: list[str] = []
    for sample in walk_urls():
        if is_staff_path(sample.path):
            continue
        try:
            match = resolve(sample.path)
        except Resolver404:  # pragma: no cover - every sample resolves (staff URL tests)
            continue
        names = list(match.kwargs)
        if not names or not set(names) <= objects.keys():
            paths.append(sample.path)
            continue
        for ids in product(*(objects[name] for name in names)):
            paths.append(reverse(match.view_name, kwargs=dict(zip(names, ids, strict=True))))
    return list(dict.fromkeys(paths))
