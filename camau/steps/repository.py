"""The SQL of steps to change: cases, areas and their wording, core groups and scores."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from camau.steps.tables import (
    StepsArea,
    StepsAreaLabel,
    StepsCase,
    StepsCoreGroup,
    StepsScore,
)


async def add(session: AsyncSession, row: object) -> None:
    """Insert a row and give it its id."""
    session.add(row)
    await session.flush()


async def cases_of(session: AsyncSession, worker_id: int, *, open_only: bool) -> list[StepsCase]:
    statement = select(StepsCase).where(col(StepsCase.worker_id) == worker_id)
    if open_only:
        statement = statement.where(col(StepsCase.closed_at).is_(None))
    result = await session.exec(statement.order_by(col(StepsCase.reference), col(StepsCase.id)))
    return list(result.all())


async def case(session: AsyncSession, case_id: int) -> StepsCase | None:
    return await session.get(StepsCase, case_id)


async def open_case_by_reference(
    session: AsyncSession, worker_id: int, reference: str
) -> StepsCase | None:
    result = await session.exec(
        select(StepsCase).where(
            col(StepsCase.worker_id) == worker_id,
            col(StepsCase.closed_at).is_(None),
        )
    )
    wanted = reference.casefold()
    return next((c for c in result.all() if c.reference.casefold() == wanted), None)


async def areas_of(session: AsyncSession, case_id: int) -> list[StepsArea]:
    result = await session.exec(
        select(StepsArea)
        .where(col(StepsArea.case_id) == case_id)
        .order_by(col(StepsArea.position), col(StepsArea.id))
    )
    return list(result.all())


async def area(session: AsyncSession, area_id: int) -> StepsArea | None:
    return await session.get(StepsArea, area_id)


async def add_label(session: AsyncSession, area: StepsArea, at: datetime) -> None:
    """Keep the area's current wording in its history."""
    assert area.id is not None
    await add(
        session,
        StepsAreaLabel(
            area_id=area.id,
            label=area.label,
            not_good_enough=area.not_good_enough,
            good_enough=area.good_enough,
            changed_at=at,
        ),
    )


async def labels_of(session: AsyncSession, area_id: int) -> list[StepsAreaLabel]:
    result = await session.exec(
        select(StepsAreaLabel)
        .where(col(StepsAreaLabel.area_id) == area_id)
        .order_by(col(StepsAreaLabel.changed_at), col(StepsAreaLabel.id))
    )
    return list(result.all())


async def core_groups_of(session: AsyncSession, case_id: int) -> list[StepsCoreGroup]:
    result = await session.exec(
        select(StepsCoreGroup)
        .where(col(StepsCoreGroup.case_id) == case_id)
        .order_by(col(StepsCoreGroup.held_on))
    )
    return list(result.all())


async def core_group_on(
    session: AsyncSession, case_id: int, held_on: date
) -> StepsCoreGroup | None:
    result = await session.exec(
        select(StepsCoreGroup).where(
            col(StepsCoreGroup.case_id) == case_id, col(StepsCoreGroup.held_on) == held_on
        )
    )
    return result.first()


async def scores_of(session: AsyncSession, case_id: int) -> list[tuple[StepsScore, date]]:
    """Every score of a case with its core group's date, oldest first."""
    result = await session.exec(
        select(StepsScore, col(StepsCoreGroup.held_on))
        .join(StepsCoreGroup, col(StepsCoreGroup.id) == col(StepsScore.core_group_id))
        .where(col(StepsCoreGroup.case_id) == case_id)
        .order_by(col(StepsCoreGroup.held_on), col(StepsScore.area_id))
    )
    return [(score, held_on) for score, held_on in result.all()]


async def replace_scores(
    session: AsyncSession, core_group_id: int, scores: Sequence[StepsScore]
) -> None:
    """Remove a core group's scores and insert these instead."""
    await session.exec(delete(StepsScore).where(col(StepsScore.core_group_id) == core_group_id))
    for score in scores:
        session.add(score)
    await session.flush()


async def core_group_counts(session: AsyncSession, case_ids: Sequence[int]) -> int:
    """How many core groups were scored across these cases."""
    if not case_ids:
        return 0
    result = await session.exec(
        select(StepsCoreGroup.id).where(col(StepsCoreGroup.case_id).in_(list(case_ids)))
    )
    return len(result.all())
