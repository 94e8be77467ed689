"""Cross Cluster's work in the task queue: matching topics afresh after their data changed
(`topics._matches` serves the latest matches meanwhile)."""

from clusterwerk.core.tasks import task


@task()
def refresh_topic_matches(*, topic_ids: list[int]) -> None:
    from clusterwerk.crosscluster.topics import refresh_matches

    refresh_matches(topic_ids)
