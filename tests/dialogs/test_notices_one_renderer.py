"""One renderer per outbox kind: a kind given two different renderers, plain or loading, is an
error when the renderers are put together (the old registry refused it at registration)."""

from __future__ import annotations

import pytest
from microsoft_agents.activity import Activity

from camau.conversation.features import all_notices
from camau.dialogs.notices import NoticeDeps, Notices, Payload


def _plain(_payload: Payload) -> list[Activity]:
    return []


async def _loading(_payload: Payload, _deps: NoticeDeps) -> list[Activity]:
    return []


def test_a_kind_with_a_plain_and_a_loading_renderer_is_refused() -> None:
    with pytest.raises(ValueError, match="'twice'"):
        Notices({"twice": _plain}, {"twice": _loading})


def test_adding_a_second_renderer_for_a_declared_kind_is_refused() -> None:
    declared = next(iter(all_notices().renderers))
    with pytest.raises(ValueError, match=repr(declared)):
        all_notices().adding({declared: _plain})
    with pytest.raises(ValueError, match=repr(declared)):
        all_notices().adding(loading={declared: _loading})


def test_adding_new_kinds_and_the_same_renderer_again_is_fine() -> None:
    notices = all_notices()
    declared, renderer = next(iter(notices.renderers.items()))
    added = notices.adding({"test_new": _plain, declared: renderer}, {"test_loaded": _loading})
    assert {"test_new", "test_loaded", declared} <= added.kinds()
