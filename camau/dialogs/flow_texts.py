"""What the flow asks when a command interrupts a dialog kept as a draft, per kind of draft."""

from __future__ import annotations

from camau.i18n import _


def leave_question(kind: str) -> str:
    return {
        "reflection": _(
            "You are in the middle of a reflection. Leave it? Your answers so far are kept."
        ),
        "new_case": _(
            "You are in the middle of registering a new case. Leave it? "
            "Your answers so far are kept."
        ),
        "scores": _(
            "You are in the middle of recording scores. Leave it? Your answers so far are kept."
        ),
    }[kind]


def resume_question(kind: str) -> str:
    return {
        "reflection": _(
            "You have a reflection you have not finished. Carry on where you left off?"
        ),
        "new_case": _(
            "You have a new case you have not finished registering. Carry on where you left off?"
        ),
        "scores": _(
            "You have scores you have not finished recording. Carry on where you left off?"
        ),
    }[kind]
