"""Adaptive Cards checked by the real renderer's object model, and for accessibility.

`validate(cards)` runs `validate_cards.js` once in Node with the `adaptivecards` 3.x UMD bundle
(no browser, no DOM needed) and returns, per card, every parse or validation event it raised
(unknown element types, bad enum values, missing ids, too many actions, …). Camau allows none.
`accessibility_problems(card)` finds inputs without a `label` and images without `altText`.
`templates_of(card)` names the card templates a card could have been built from.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import camau
from camau.dialogs.render import PROBLEM_MARK
from tests.support.npm import node, npm_package

# Every card template: the toolkit's (`camau/dialogs/cards`) and each feature's
# (`camau/<feature>/dialogs/cards`).
TEMPLATES = sorted(Path(camau.__file__).parent.glob("**/cards/*.json"))

SCRIPT = Path(__file__).with_name("validate_cards.js")
_WHOLE = re.compile(r"\$\{\w+\}")
_SPLIT = re.compile(r"(\$\{\w+\})")
SCHEMA_VERSION = "1.5"
_INPUTS = (
    "Input.Text",
    "Input.Number",
    "Input.Date",
    "Input.Time",
    "Input.Toggle",
    "Input.ChoiceSet",
)


def bundle() -> Path:
    """The adaptivecards UMD bundle (installed into .node/ if missing)."""
    return npm_package("adaptivecards@3", "adaptivecards") / "dist" / "adaptivecards.js"


def validate(cards: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """Every event the renderer raises for each named card, as 'Event: message' lines."""
    samples = [{"name": name, "card": card} for name, card in cards.items()]
    result = subprocess.run(
        [node(), str(SCRIPT), str(bundle())],
        input=json.dumps(samples),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, list[str]] = {}
    for entry in json.loads(result.stdout):
        events = [f"{e['event']}: {e['message']}" for e in entry["events"]]
        version = cards[entry["name"]].get("version")
        if version != SCHEMA_VERSION:
            events.append(f"Version: card version {version!r}, Teams needs {SCHEMA_VERSION}")
        report[entry["name"]] = events
    return report


def accessibility_problems(node_: Any, path: str = "card") -> list[str]:
    """Inputs without a label and images without alt text, anywhere in the card."""
    problems: list[str] = []
    if isinstance(node_, list):
        for i, item in enumerate(node_):
            problems += accessibility_problems(item, f"{path}[{i}]")
    elif isinstance(node_, dict):
        kind = node_.get("type")
        if kind in _INPUTS and not str(node_.get("label") or "").strip():
            problems.append(f"{path}: {kind} {node_.get('id')!r} has no label")
        if kind == "Image" and not str(node_.get("altText") or "").strip():
            problems.append(f"{path}: Image has no altText")
        for key, value in node_.items():
            problems += accessibility_problems(value, f"{path}.{key}")
    return problems


def _matches(template: Any, node_: Any, moved_actions: bool = False) -> bool:
    """True when `node_` is `template` filled in (`moved_actions`: or with its actions moved into
    the body as rows of ActionSets, as `with_actions` does when there are many)."""
    if isinstance(template, str):
        if _WHOLE.fullmatch(template):
            return True
        pattern = "".join(
            ".*" if _WHOLE.fullmatch(part) else re.escape(part) for part in _SPLIT.split(template)
        )
        return isinstance(node_, str) and re.fullmatch(pattern, node_, re.DOTALL) is not None
    if isinstance(template, list):
        return (
            isinstance(node_, list)
            and len(node_) == len(template)
            and all(_matches(t, n, moved_actions) for t, n in zip(template, node_, strict=True))
        )
    if isinstance(template, dict):
        if not isinstance(node_, dict) or set(node_) - set(template):
            return False
        moved = moved_actions and "actions" in template and "actions" not in node_
        for key, value in template.items():
            if key not in node_:
                if not (moved and key == "actions"):
                    return False
            elif key == "body" and moved:
                extra = node_[key][len(value) :]
                if not _matches(value, node_[key][: len(value)], moved_actions) or any(
                    item.get("type") != "ActionSet" for item in extra
                ):
                    return False
            elif not _matches(value, node_[key], moved_actions):
                return False
        return True
    return bool(template == node_)


def without_problem(card: dict[str, Any]) -> dict[str, Any]:
    """The card without the problem block a question asked again starts with
    (`render.problem_block`: an "attention" TextBlock marked ⚠️), if it has one."""
    body = card.get("body")
    first = body[0] if isinstance(body, list) and body else None
    if (
        isinstance(first, dict)
        and first.get("type") == "TextBlock"
        and first.get("color") == "attention"
        and str(first.get("text", "")).startswith(PROBLEM_MARK)
    ):
        return {**card, "body": body[1:]}
    return card


def templates_of(card: dict[str, Any]) -> set[str]:
    """The names of the card templates (`TEMPLATES`) this card was built from
    (a question asked again: after its problem block)."""
    card = without_problem(card)
    templates = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in TEMPLATES}
    exact = {name for name, template in templates.items() if _matches(template, card)}
    return exact or {name for name, template in templates.items() if _matches(template, card, True)}
