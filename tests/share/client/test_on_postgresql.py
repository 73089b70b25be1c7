"""The sync client's main journeys again, against a gallery on PostgreSQL (the other modules use
SQLite): the same commands, the same output."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.share.client.conftest import GalleryProcess
from tests.share.client.test_commands import (  # collected here again, on this module's gallery
    test_a_stale_push_saves_the_gallerys_revision_beside_and_exits_1,
    test_pull_and_remix_take_the_page_url_push_prints_with_a_revision,
    test_pushing_someone_elses_edited_file_becomes_a_remix_after_saying_so,
    test_sync_pushes_changes_here_and_pulls_changes_there,
)
from tests.share.client.test_progress import (
    test_a_large_push_and_pull_in_a_pipe_print_no_bar_and_arrive_whole,
)
from tests.share.gallery.live import postgres_database
from tests.share.gallery.postgres import postgres_cluster

__all__ = [
    "test_a_large_push_and_pull_in_a_pipe_print_no_bar_and_arrive_whole",
    "test_a_stale_push_saves_the_gallerys_revision_beside_and_exits_1",
    "test_pull_and_remix_take_the_page_url_push_prints_with_a_revision",
    "test_pushing_someone_elses_edited_file_becomes_a_remix_after_saying_so",
    "test_sync_pushes_changes_here_and_pulls_changes_there",
]


@pytest.fixture(scope="module")
def postgres_server() -> Iterator[str]:
    with postgres_cluster("the client tests") as url:
        yield url


@pytest.fixture(scope="module")
def gallery(
    tmp_path_factory: pytest.TempPathFactory, postgres_server: str
) -> Iterator[GalleryProcess]:
    """This module's gallery: ``cocreate gallery serve`` on a new PostgreSQL database."""
    with postgres_database(postgres_server) as url:
        g = GalleryProcess(tmp_path_factory.mktemp("gallery"), url).start()
        assert not (g.data_dir / "gallery.sqlite3").exists()  # the rows are in PostgreSQL
        try:
            yield g
        finally:
            g.stop()
