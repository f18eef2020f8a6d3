"""The steps in a check's `do`: click, tap, fill, press, select, check, uncheck, wait, reload."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, expect

from ...exercises import Check
from .run import ACTION_MS, SETTLE_AFTER_ACTIONS_MS, SETTLE_MS, Failed, Run, Stuck, locate, settle, stuck_or


def _act(verb: str, call: Callable[[Locator, float, Mapping[str, Any], bool], None]):
    def action(run: Run, step: Mapping[str, Any]) -> None:
        _ = run.gettext
        locator, what = locate(run, step[verb])
        key = f"{verb}:{step[verb]}"
        words = {"action": _(ACTION_WORDS[verb]), "what": what}
        stopped = _(
            "Your app stopped responding when we tried to %(action)s %(what)s: maybe a loop "
            "never ends. Check your loops and try again."
        )
        if verb == "click" and run.quick is not None:
            try:
                answer = run.quick.click(step[verb])
                if answer == "missing":
                    answer = settle(run, lambda: run.quick.click(step[verb]), answer)
            except PlaywrightError as error:
                raise Stuck(stopped % words) from error
            if answer is True:
                run.proven.add(key)
                return
            if answer == "missing":
                raise Failed(_("We tried to %(action)s %(what)s, but could not find it.") % words)
        try:
            expect(locator.first).to_be_attached(
                timeout=run.timeout(SETTLE_AFTER_ACTIONS_MS if run.acted else SETTLE_MS)
            )
        except AssertionError as error:
            raise Failed(_("We tried to %(action)s %(what)s, but could not find it.") % words) from error
        try:
            call(locator.first, run.timeout(ACTION_MS), step, key in run.proven)
            run.proven.add(key)
        except PlaywrightError as error:
            stuck_or(run, error, stopped % words)
            raise Failed(
                _(
                    "We tried to %(action)s %(what)s, but it did not work: "
                    "it may be hidden, covered or disabled."
                )
                % words
            ) from error

    return action


def _wait(run: Run, step: Mapping[str, Any]) -> None:
    run.page.wait_for_timeout(min(float(step["wait"]), max(0.0, run.remaining_ms())))


def _reload(run: Run, step: Mapping[str, Any]) -> None:
    run.reload()


# Words for messages, marked for translation where they are used.
ACTION_WORDS = {
    "click": "click",
    "tap": "tap",
    "fill": "type into",
    "press": "press a key in",
    "select": "choose an option in",
    "check": "tick",
    "uncheck": "untick",
}

ACTIONS: dict[str, Callable[[Run, Mapping[str, Any]], None]] = {
    "click": _act("click", lambda el, t, step, proven: el.click(timeout=t, force=proven)),
    "tap": _act("tap", lambda el, t, step, proven: el.tap(timeout=t, force=proven)),
    "fill": _act("fill", lambda el, t, step, proven: el.fill(str(step["with"]), timeout=t, force=proven)),
    "press": _act("press", lambda el, t, step, proven: el.press(str(step["key"]), timeout=t)),
    "select": _act("select", lambda el, t, step, proven: el.select_option(str(step["option"]), timeout=t)),
    "check": _act("check", lambda el, t, step, proven: el.check(timeout=t, force=proven)),
    "uncheck": _act("uncheck", lambda el, t, step, proven: el.uncheck(timeout=t, force=proven)),
    "wait": _wait,
    "reload": _reload,
}


def run_actions(run: Run, check: Check) -> None:
    for step in check.actions:
        verb = next(key for key in step if key in ACTIONS)
        ACTIONS[verb](run, step)
        run.acted = True
        if run.quick is not None:
            run.quick.forget()
        run.quiet()  # what the action started (a timer, a request) has happened before the next step
