import io

import pytest

from forum import demo
from forum.models import Category, Post, Thread

pytestmark = pytest.mark.django_db


def test_demo_forum_is_seeded_once_and_published():
    demo.seed(stdout=io.StringIO())
    counts = (Category.objects.count(), Thread.objects.count(), Post.objects.count())
    demo.seed(stdout=io.StringIO())

    assert (Category.objects.count(), Thread.objects.count(), Post.objects.count()) == counts
    assert counts[1] >= 4
    assert not Post.objects.exclude(moderation_state=Post.VISIBLE).exists()
    assert Thread.objects.filter(is_visible=True).count() == counts[1]
