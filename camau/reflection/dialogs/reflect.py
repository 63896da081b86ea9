"""Reflect (`reflect` / `myfyrio`): a short guided reflection, then a sharing choice.

The questions (`camau.reflection.rules.QUESTIONS`) are asked one at a time; any can be
skipped (`skip` / `hepgor`); free text passes the privacy guard. Answers stay in the dialog
state until the end, so `cancel` / `canslo` leaves nothing behind. A person who comes back after
`RESUME_AFTER` of quiet is asked whether to carry on (yes: the current question again; no: it is
discarded); the router drops a dialog left for 7 days.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.dialogs import (
    DialogContext,
    DialogTurnResult,
    PromptOptions,
    PromptValidatorContext,
    WaterfallStepContext,
)

from camau.dialogs.base import StepsDialog, Waterfall, goto, no_back
from camau.dialogs.edits import Changed
from camau.dialogs.feature import Command
from camau.dialogs.guard import SKIPPED, GuardedAsk, GuardedTextDialog, edited_text_answer
from camau.dialogs.prompts import (
    SKIP_WORDS,
    AnswerPrompt,
    ChoiceTextPrompt,
    ask,
    choice_options,
    match_choice,
    normalise,
    text_options,
)
from camau.dialogs.render import (
    Choice,
    asked_again,
    card,
    card_activity,
    new_token,
    problem_activity,
    submit_actions,
    text_activity,
    uses_cards,
)
from camau.dialogs.turn import Turn
from camau.dialogs.values import Maybe, StepValues, Value, as_int, instance_of
from camau.i18n import _
from camau.practice.steps import parse_score
from camau.reflection.dialogs import CARDS
from camau.reflection.dialogs.mentor import MenteeReflectionsDialog, SummariesDialog
from camau.reflection.dialogs.mine import MyReflectionsDialog
from camau.reflection.dialogs.texts import (
    COMPONENT_NAME,
    SHARING_SYNONYMS,
    question,
    sharing_choices,
)
from camau.reflection.rules import (
    BY_ID,
    QUESTIONS,
    RESUME_AFTER,
    Component,
    Kind,
    Sharing,
    components_touched,
    parse_components,
)
from camau.reflection.services import reflections as reflection
from camau.reflection.services import sharing as reflection_sharing
from camau.services.errors import InvalidInput

LAST_TURN = "camau_last_turn"
HELD = "camau_held"  # the message that arrived after a quiet gap, until "carry on?" is answered
POSITION = {q.id: i for i, q in enumerate(QUESTIONS)}  # question id -> its place in QUESTIONS


@dataclass
class Draft:
    """A reflection in progress: where it is, what has been answered, the message each answer
    came from (`sources`: message id -> question id) and the questions to ask again (`again`:
    their answers were deleted)."""

    index: int = 0
    answers: dict[str, str] = field(default_factory=dict)
    how_it_went: int | None = None
    components: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    again: list[str] = field(default_factory=list)

    def back(self) -> Draft | None:
        """The draft at the question before, its answer taken away (to be given again)."""
        if self.index < 1:
            return None
        asked = QUESTIONS[self.index - 1]
        earlier = replace(self, index=self.index - 1)
        earlier._forget(asked.id)
        return earlier

    def asking(self) -> int | None:
        """The position of the question to ask next: one to ask again first, else the next."""
        if self.again:
            return POSITION[self.again[0]]
        return self.index if self.index < len(QUESTIONS) else None

    def _forget(self, question_id: str) -> None:
        self.answers = {k: v for k, v in self.answers.items() if k != question_id}
        kind = BY_ID[question_id].kind
        if kind is Kind.SCALE:
            self.how_it_went = None
        if kind is Kind.COMPONENTS:
            self.components = []

    def edit_answer(self, source: str, text: str, today: date) -> Changed | None:
        """The message `source` was edited to `text`: its answer replaced, if the question
        would take it (free text past the privacy guard, a score, components)."""
        question_id = self.sources.get(source)
        if question_id is None:
            return None
        position = POSITION[question_id]
        asked, cleaned = QUESTIONS[position], " ".join(text.split())
        changed = Changed(question=position + 1, taken=False)
        if not cleaned or normalise(cleaned) in SKIP_WORDS:
            return changed
        if asked.kind is Kind.TEXT:
            answer = edited_text_answer(text, today)
            if answer is None:
                return changed
            self.answers = {**self.answers, question_id: answer}
        elif asked.kind is Kind.SCALE:
            score = parse_score(cleaned)
            if score is None:
                return changed
            self.how_it_went = score
        else:
            found = parse_components(cleaned)
            if not found:
                return changed
            self.components = [c.value for c in found]
        if question_id in self.again:  # answered by the edit: no need to ask it again
            self.again = [q for q in self.again if q != question_id]
        return Changed(question=position + 1)

    def remove_answer(self, source: str) -> Changed | None:
        """The message `source` was deleted: its answer goes, and its question is asked again."""
        question_id = self.sources.pop(source, None)
        if question_id is None:
            return None
        position = POSITION[question_id]
        self._forget(question_id)
        if position < self.index and question_id not in self.again:
            self.again = [*self.again, question_id]
        return Changed(question=position + 1, removed=True)


class ReflectionValues(StepValues):
    """What `ReflectionDialog` keeps: the draft so far and, in the loop over the questions, the
    position of the question asked (a loop started before it was kept asks `draft.index`)."""

    draft = Value(instance_of(Draft))
    asked = Maybe(as_int)


class ReflectionDialog(StepsDialog):
    """The guided reflection, from the first question to the sharing choice."""

    LOOP = "ReflectionDialog.question"
    RESUME = "ReflectionDialog.resume"
    SCALE = "reflection_scale"
    COMPONENTS = "reflection_components"
    SHARE = "reflection_share"
    RESUME_CHOICE = "reflection_resume"
    SHARE_STEP = 1  # the index of share_step below

    def __init__(self) -> None:
        super().__init__(
            ReflectionDialog.__name__,
            [self.intro_step, self.share_step, self.save_step],
            [
                GuardedTextDialog(),
                AnswerPrompt(
                    self.SCALE,
                    ReflectionDialog.scale_validator,
                    lambda text, today: parse_score(text) is not None,
                ),
                AnswerPrompt(
                    self.COMPONENTS,
                    ReflectionDialog.components_validator,
                    lambda text, today: parse_components(text) is not None,
                ),
                ChoiceTextPrompt(self.SHARE),
                ChoiceTextPrompt(self.RESUME_CHOICE),
                Waterfall(self.LOOP, [self.question_step, self.answer_step]),
                Waterfall(self.RESUME, [self.resume_step, self.resumed_step]),
            ],
        )

    # The quiet-gap check: every turn of the reflection passes here first.
    async def on_begin_dialog(self, inner_dc: DialogContext, options: object) -> DialogTurnResult:
        self._touch(inner_dc)
        return await super().on_begin_dialog(inner_dc, options)

    async def on_continue_dialog(self, inner_dc: DialogContext) -> DialogTurnResult:
        last = self._touch(inner_dc)
        active = inner_dc.active_dialog
        asking = active is not None and active.id in (self.RESUME, self.RESUME_CHOICE)
        now = Turn.of(inner_dc).clock.now()
        held = self._state(inner_dc)
        if not asking and last is not None and now - last >= RESUME_AFTER:
            held[HELD] = inner_dc.context.activity.text or ""  # kept to answer with on "yes"
            return await inner_dc.begin_dialog(self.RESUME)
        text = held.pop(HELD, None)
        resume_on_screen = active is not None and active.id == self.RESUME_CHOICE
        if resume_on_screen and isinstance(text, str) and self._carry_on(inner_dc):
            # "Yes, carry on": the message that triggered the question answers the question.
            del inner_dc.stack[:2]  # the carry-on prompt and its waterfall
            inner_dc.context.activity.text = text
        return await inner_dc.continue_dialog()

    @staticmethod
    def _state(inner_dc: DialogContext) -> dict[str, object]:
        outer = inner_dc.parent
        assert outer is not None and outer.active_dialog is not None
        return outer.active_dialog.state

    @staticmethod
    def _carry_on(inner_dc: DialogContext) -> bool:
        options = inner_dc.active_dialog.state.get("options") if inner_dc.active_dialog else None
        choices = list(getattr(options, "validations", None) or [])
        return match_choice(inner_dc.context.activity.text or "", choices) == "yes"

    @staticmethod
    def _touch(inner_dc: DialogContext) -> datetime | None:
        """Record this turn's time on the reflection; the previous turn's time."""
        outer = inner_dc.parent
        assert outer is not None and outer.active_dialog is not None
        state = outer.active_dialog.state
        last = state.get(LAST_TURN)
        state[LAST_TURN] = Turn.of(inner_dc).clock.now().isoformat()
        return datetime.fromisoformat(last) if isinstance(last, str) else None

    @no_back
    async def intro_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        turn = Turn.of(step)
        if not turn.caller.has("worker"):
            return await turn.end(step, problem_activity(_("Reflections are for workers.")))
        intro = _(
            "A short reflection: about three minutes. Use the case reference only, never a "
            "child's or family member's name. Type skip to skip a question, or cancel to stop "
            "without saving."
        )
        await step.context.send_activity(text_activity(intro))
        return await step.begin_dialog(self.LOOP, Draft())

    async def question_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        draft = step.options
        assert isinstance(draft, Draft)
        position = draft.asking()
        if position is None:
            return await step.end_dialog(draft)
        kept = ReflectionValues.of(step)
        kept.draft, kept.asked = draft, position
        asked = QUESTIONS[position]
        text = _("({n} of {total}) {question}").format(
            n=position + 1, total=len(QUESTIONS), question=question(asked.id)
        )
        if asked.kind is Kind.TEXT:
            return await step.begin_dialog(GuardedTextDialog.__name__, GuardedAsk(text))
        if asked.kind is Kind.SCALE:
            retry = _("Please type a number from 1 to 10, or skip.")
            hint = _("Type a number from 1 to 10, or skip.")
            return await ask(step, self.SCALE, text_options(f"{text}\n\n{hint}", retry))
        channel = step.context.activity.channel_id
        return await ask(step, self.COMPONENTS, components_prompt(channel, text))

    async def answer_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        kept = ReflectionValues.of(step)
        draft = kept.draft
        position = draft.index if kept.asked is None else kept.asked
        asked = QUESTIONS[position]
        answer = str(step.result or "")
        answers = dict(draft.answers)
        if asked.kind is Kind.TEXT and answer != SKIPPED:
            answers[asked.id] = answer
        sources = dict(draft.sources)
        if step.context.activity.id:
            sources[str(step.context.activity.id)] = asked.id
        again = [q for q in draft.again if q != asked.id]
        index = draft.index + 1 if position == draft.index else draft.index
        nxt = replace(draft, index=index, answers=answers, sources=sources, again=again)
        if asked.kind is Kind.SCALE and answer != SKIPPED:
            nxt = replace(nxt, how_it_went=int(answer))
        if asked.kind is Kind.COMPONENTS and answer != SKIPPED:
            nxt = replace(nxt, components=answer.split(","))
        return await step.replace_dialog(self.LOOP, nxt)

    async def share_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        draft = step.result
        assert isinstance(draft, Draft)
        if draft.again:  # an answer was deleted at the sharing choice: ask it again first
            return await step.begin_dialog(self.LOOP, draft)
        if not draft.answers:
            message = _("Every question was skipped, so there is nothing to save.")
            return await Turn.of(step).end(step, message)
        ReflectionValues.of(step).draft = draft
        options = choice_options(
            step.context.activity.channel_id,
            _("What would you like to do with this reflection?"),
            sharing_choices(),
            retry=_("Please choose one of the options."),
            synonyms=SHARING_SYNONYMS,
        )
        return await ask(step, self.SHARE, options)

    async def save_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        if isinstance(step.result, Draft):  # the question asked again is answered: share now
            return await goto(step, self.SHARE_STEP, step.result)
        draft = ReflectionValues.of(step).draft
        sharing = Sharing(str(step.result))
        turn = Turn.of(step)
        chosen = tuple(Component(c) for c in draft.components) or None
        new = reflection.NewReflection(
            answers=tuple(
                reflection.Answer(q.id, draft.answers[q.id])
                for q in QUESTIONS
                if q.id in draft.answers  # in the questions' order, whatever order answered
            ),
            how_it_went=draft.how_it_went,
            components=components_touched(set(draft.answers), chosen),
        )
        reflection_id = await reflection.save(turn.db, turn.clock, turn.caller, new)
        message = _("Saved. Only you can read it.")
        if sharing is not Sharing.PRIVATE:
            try:
                await reflection_sharing.set_sharing(
                    turn.db, turn.clock, turn.caller, reflection_id, sharing
                )
            except InvalidInput:
                message = _("Saved, but kept private: you do not have a practice mentor yet.")
            else:
                message = (
                    _("Saved and shared with your practice mentor.")
                    if sharing is Sharing.SHARED
                    else _("Saved. Your mentor will see it before your next mentor session.")
                )
        return await turn.end(step, message, result=reflection_id)

    async def resume_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        choices = [Choice("yes", _("Yes, carry on")), Choice("no", _("No, discard it"))]
        options = choice_options(
            step.context.activity.channel_id,
            _("You have a reflection you have not finished. Carry on where you left off?"),
            choices,
            retry=_("Please choose one of the options."),
            synonyms={
                "yes": ["ie", "iawn", "yes", "parhau"],
                "no": ["na", "naddo", "no", "dileu", "taflu"],
            },
        )
        return await ask(step, self.RESUME_CHOICE, options)

    async def resumed_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result == "yes":
            return await step.end_dialog()  # the question underneath is asked again
        await step.context.send_activity(text_activity(_("Discarded. Nothing was saved.")))
        return await step.cancel_all_dialogs()

    @staticmethod
    async def scale_validator(prompt_context: PromptValidatorContext) -> bool:
        recognized = prompt_context.recognized
        text = str(recognized.value or "") if recognized.succeeded else ""
        if normalise(text) in SKIP_WORDS:
            recognized.value = SKIPPED
            return True
        score = parse_score(text)
        recognized.value = str(score) if score is not None else None
        return score is not None

    @staticmethod
    async def components_validator(prompt_context: PromptValidatorContext) -> bool:
        recognized = prompt_context.recognized
        text = str(recognized.value or "") if recognized.succeeded else ""
        if normalise(text) in SKIP_WORDS:
            recognized.value = SKIPPED
            return True
        value = prompt_context.context.activity.value
        if isinstance(value, dict) and isinstance(value.get("components"), str):
            text = str(value["components"])  # the card's multi-select: "conversations,change"
        found = parse_components(text)
        recognized.value = ",".join(c.value for c in found) if found else None
        return found is not None


def components_prompt(channel_id: str | None, text: str) -> PromptOptions:
    """The components question: a multi-select card in Teams, numbered text elsewhere."""
    names = [(c.value, _(COMPONENT_NAME[c])) for c in Component]
    retry = _("Please type the numbers of the components, for example 1 3, or skip.")
    if uses_cards(channel_id):
        token = new_token()  # the card asked again is the same question

        def components_card(asked: str) -> Activity:
            content = card(
                CARDS / "reflection_components.json",
                text=asked,
                label=_("Components"),
                choices=[{"title": title, "value": value} for value, title in names],
                actions=submit_actions(
                    [Choice("components", _("Done")), Choice("skip", _("Skip"))], token=token
                ),
            )
            return card_activity(content, asked)

        ticked = _("Tick at least one component, then choose Done, or choose Skip.")
        return PromptOptions(
            prompt=components_card(text), retry_prompt=asked_again(ticked, components_card(text))
        )
    lines = [text, ""] + [f"{i}. {title}" for i, (_v, title) in enumerate(names, 1)]
    lines += ["", _("Type the numbers, for example 1 3, or skip.")]
    prompt = text_activity("\n".join(lines))
    return PromptOptions(prompt=prompt, retry_prompt=asked_again(retry, text_activity(text)))


COMMANDS = (
    Command(
        ReflectionDialog.__name__,
        "reflect",
        "myfyrio",
        lambda: _("a short reflection after a visit or meeting"),
        menu=lambda: _("Reflect"),
    ),
    Command(
        MyReflectionsDialog.__name__,
        "reflections",
        "myfyrdodau",
        lambda: _("read, note, share, delete or export your reflections"),
        menu=lambda: _("My reflections"),
        aliases=("my reflections", "fy myfyrdodau"),
    ),
    Command(
        MenteeReflectionsDialog.__name__,
        "shared",
        "mentoreion",
        lambda: _("read the reflections your mentees shared with you"),
        menu=lambda: _("Mentees' reflections"),
        aliases=("rhannwyd", "myfyrdodau mentoreion"),
    ),
    Command(
        SummariesDialog.__name__,
        "summaries",
        "crynodebau",
        lambda: _("a summary for each shared reflection, or one a day"),
    ),
)
