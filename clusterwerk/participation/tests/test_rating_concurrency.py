"""One rating per person and element – also when the same person rates twice at the same
moment (two requests from two tabs). The concurrent case needs real parallel transactions
and runs on PostgreSQL; the sequential one on every database."""

import threading

import pytest
from django.db import connection

from clusterwerk.masterplan.models import ElementKind
from clusterwerk.participation import services
from clusterwerk.participation.models import Rating
from clusterwerk.participation.tests.moderation_support import consultation_in, topic_area_of


def rate(user, consultation, relevance: int, priority: int) -> Rating:
    return services.rate(
        user=user,
        consultation=consultation,
        element_kind=ElementKind.TOPIC_AREA,
        lineage=topic_area_of(consultation).lineage,
        relevance=relevance,
        priority=priority,
    )


@pytest.mark.django_db
def test_rating_twice_in_a_row_keeps_one_rating(cluster, member):
    consultation = consultation_in(cluster)
    rate(member, consultation, 2, 1)
    rate(member, consultation, 5, 3)
    rating = Rating.objects.get()
    assert (rating.user, rating.relevance, rating.priority) == (member, 5, 3)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs parallel write transactions: SQLite serialises writers (IMMEDIATE), so the "
    "race cannot happen there; runs with DATABASE_URL=postgres://…",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_rating_ends_with_one_rating(cluster, member):
    consultation = consultation_in(cluster)
    values = [(1, 1), (5, 3)]
    barrier = threading.Barrier(len(values))
    errors: list[BaseException] = []

    def rate_in_thread(relevance: int, priority: int) -> None:
        # Each thread has its own database connection (Django's connections are per thread).
        try:
            barrier.wait(timeout=10)
            rate(member, consultation, relevance, priority)
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connection.close()

    for _round in range(5):
        Rating.objects.all().delete()
        barrier.reset()
        threads = [threading.Thread(target=rate_in_thread, args=pair) for pair in values]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not errors, errors
        ratings = list(Rating.objects.all())
        assert len(ratings) == 1
        assert (ratings[0].relevance, ratings[0].priority) in values
