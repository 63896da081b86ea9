"""The SQL of the project lead's reports: ids, dates, counts and scores; never free text."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from camau.reflection.tables import Reflection
from camau.steps.tables import StepsArea, StepsCase, StepsCoreGroup, StepsScore
from camau.storage.models import Person

ReflectionLine = tuple[datetime, str, str, str, int]
CaseLine = tuple[StepsCase, str]
GroupLine = tuple[int, date, datetime]
ScoreLine = tuple[int, int, date, int]


async def reflection_lines(session: AsyncSession) -> list[ReflectionLine]:
    """(created at, author name, components, sharing, author id) of every reflection; no text."""
    statement = (
        select(  # type: ignore[call-overload]  # SQLModel types up to four columns
            Reflection.created_at,
            Person.name,
            Reflection.components,
            Reflection.sharing,
            Reflection.author_id,
        )
        .join(Person, col(Person.id) == col(Reflection.author_id))
        .order_by(col(Reflection.created_at), col(Reflection.id))
    )
    return list((await session.exec(statement)).all())


async def case_lines(session: AsyncSession) -> list[CaseLine]:
    """Every case (open or closed) with its worker's name."""
    statement = (
        select(StepsCase, Person.name)
        .join(Person, col(Person.id) == col(StepsCase.worker_id))
        .order_by(col(StepsCase.id))
    )
    return list((await session.exec(statement)).all())


async def group_lines(session: AsyncSession) -> list[GroupLine]:
    """(case id, held on, recorded at) of every core group whose scores were recorded."""
    statement = select(
        col(StepsCoreGroup.case_id), col(StepsCoreGroup.held_on), col(StepsCoreGroup.recorded_at)
    ).order_by(col(StepsCoreGroup.case_id), col(StepsCoreGroup.held_on))
    return list((await session.exec(statement)).all())


async def score_lines(session: AsyncSession) -> list[ScoreLine]:
    """(case id, area position, held on, score) of every score: no labels, no next steps."""
    statement = (
        select(StepsCoreGroup, StepsArea.position, StepsScore.score)
        .select_from(StepsScore)
        .join(StepsCoreGroup, col(StepsCoreGroup.id) == col(StepsScore.core_group_id))
        .join(StepsArea, col(StepsArea.id) == col(StepsScore.area_id))
        .order_by(col(StepsCoreGroup.case_id), col(StepsArea.position), col(StepsCoreGroup.held_on))
    )
    rows = (await session.exec(statement)).all()
    return [(group.case_id, position, group.held_on, score) for group, position, score in rows]
