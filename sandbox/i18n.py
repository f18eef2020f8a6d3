"""Languages: Flask-Babel for pages, and the catalog of strings the page scripts show."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from babel import Locale
from flask_babel import get_locale, get_translations
from flask_babel import lazy_gettext as _l

from .exercises.model import DEFAULT_LANGUAGE

# The one list of languages: pages, the publish origin and the language menu all read it.
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "tg": "Тоҷикӣ"}
LANGUAGES = tuple(LANGUAGE_NAMES)
DEFAULT = DEFAULT_LANGUAGE  # English: the language the strings are written in
TRANSLATIONS = Path(__file__).parent / "translations"


def cli_language() -> str:
    """The language of what the `sandbox` command prints: $SANDBOX_LANGUAGE, else the system's locale."""
    for variable in ("SANDBOX_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            return code if code in LANGUAGE_NAMES else "en"
    return "en"


def cli_gettext(text: str, **values: object) -> str:
    """Translate a line the `sandbox` command prints (no request here: the language comes from the system)."""
    from .grading.messages import translations

    translated = translations(cli_language()).gettext(text)
    return translated % values if values else translated


def cli_ngettext(singular: str, plural: str, num: int, **values: object) -> str:
    """Translate a printed line that shows a number, in the right plural form; %(num)d is the number."""
    from .grading.messages import translations

    return translations(cli_language()).ngettext(singular, plural, num) % {"num": num, **values}


class Plural(NamedTuple):
    """A browser string that shows a number: every plural form goes to the page, which picks one."""

    singular: str
    plural: str


def plural(singular: str, plural: str) -> Plural:
    """Mark a browser string with plural forms (extracted by `make messages` as keyword plural:1,2)."""
    return Plural(singular, plural)


# Every string the browser scripts show, translated on the server and handed to the page
# as JSON; static/js/i18n.js looks them up by key. {name} placeholders are filled in JS.
# A plural() entry goes to the page as {one, few, many, other: text}, the forms of the current
# language keyed by CLDR plural category; the script picks one with Intl.PluralRules for {count}.
JS_MESSAGES = {
    "saved": _l("Saved"),
    "conflict": _l("Changed elsewhere: choose a version"),
    "conflict_title": _l("Your code was changed in another tab or on another device"),
    "conflict_explain": _l(
        "Both versions are below. Choose the one to keep; nothing is overwritten until you do."
    ),
    "conflict_mine": _l("This tab"),
    "conflict_theirs": _l("Saved elsewhere"),
    "conflict_keep_mine": _l("Keep this tab's version"),
    "conflict_keep_theirs": _l("Use the version saved elsewhere"),
    "saving": _l("Saving…"),
    "offline": _l("Offline: your code is kept on this device and will be saved when you are back online"),
    "offline_short": _l("Offline"),
    "save_failed_short": _l("Not saved yet"),
    "too_large_short": _l("Too big to save"),
    "save_failed": _l("Not saved yet: we will keep trying. Your code is kept on this device."),
    "too_large": _l(
        "This file is too big to save (over {limit} KB). Make it shorter; your code is kept on this device."
    ),
    "stuck": _l("Your code seems stuck: a loop may never end. We stopped it so you can keep typing."),
    "stuck_at": _l(
        "Your code seems stuck: the loop at {file} line {line} ran for more than a second, so we stopped it."
    ),
    "loop_stopped": _l("Stopped a loop that did not end ({file} line {line})"),
    "console_empty": _l("No messages. Errors and console.log output from your app appear here."),
    "error_in": _l("{file} line {line}"),
    "reset_done": _l("Your code is back to the starting point. The old version is kept on the server."),
    "code_label": _l("Code: {file}"),
    "editor_tab_hint": _l("Tab indents your code. To leave the editor, press Escape and then Tab."),
    "rotate": _l("Rotate"),
    "preview_loading": _l("Starting your app…"),
    "preview_title": _l("Your app"),
    "errors_count": plural("{count} error", "{count} errors"),
    # Friendly feedback while typing (frontend/src/feedback/): marks in the editor and the console.
    "syntax_html_unclosed": _l("<{tag}> on line {line} is never closed: add </{tag}> where it ends."),
    "syntax_html_unclosed_before": _l(
        "<{tag}> on line {line} is never closed: add </{tag}> before </{close}> on line {closeLine}."
    ),
    "syntax_html_mismatch": _l(
        "</{tag}> on line {line} closes <{open}> (opened on line {openLine}): write </{open}> here, "
        "or check which tag you meant."
    ),
    "syntax_html_stray_close": _l(
        "</{tag}> on line {line} closes nothing: there is no <{tag}> open. "
        "Remove it, or add <{tag}> where it starts."
    ),
    "syntax_html_quote": _l(
        "The value of {attr} on line {line} has no closing quote: add {quote} at the end of the value."
    ),
    "syntax_html_no_file": _l("“{file}” is not a file of this exercise: check the name."),
    "syntax_html_no_file_guess": _l("“{file}” is not a file of this exercise: did you mean {guess}?"),
    "syntax_comment": _l("The comment that starts on line {line} is never closed: add */ where it ends."),
    "syntax_css_colon": _l("Put a : between {property} and its value, like color: red;"),
    "syntax_css_semicolon": _l("Add a ; at the end of line {line}: {declaration};"),
    "syntax_css_semicolon_after": _l("Add a ; after {declaration} on line {line}."),
    "syntax_css_property": _l("CSS has no property “{property}”. Check the spelling."),
    "syntax_css_property_guess": _l("CSS has no property “{property}”: did you mean {guess}?"),
    "syntax_css_value": _l("{property} does not understand “{value}”. Check the spelling."),
    "syntax_css_value_guess": _l("{property} does not understand “{value}”: did you mean {guess}?"),
    "syntax_css_color": _l("CSS knows no colour “{value}”. Use a name like red or a code like #3366cc."),
    "syntax_css_unit": _l("{value} needs a unit for {property}, like {value}px."),
    "syntax_css_unclosed": _l(
        "The rule {selector} on line {line} is never closed: add } after its last line."
    ),
    "syntax_css_unclosed_before": _l(
        "The rule {selector} on line {line} is never closed: add } before line {nextLine}."
    ),
    "syntax_css_unclosed_style": _l(
        "The rule {selector} on line {line} is never closed: add } before </style> on line {closeLine}."
    ),
    "syntax_css_stray_close": _l(
        "The } on line {line} closes nothing: remove it, or add the { it belongs to."
    ),
    "syntax_js_quote": _l(
        "The text that starts with {quote} on line {line} is never closed: add {quote} where the text ends."
    ),
    "syntax_js_unclosed": _l("The {char} on line {line} is never closed: add {close}."),
    "syntax_js_unclosed_script": _l(
        "The {char} on line {line} is never closed: add {close} before </script> on line {closeLine}."
    ),
    "syntax_js_unclosed_before": _l(
        "The {char} on line {line} is never closed: add {close} before the {found} on line {foundLine}."
    ),
    "syntax_js_stray": _l(
        "The {char} on line {line} closes nothing: remove it, or add the bracket that opens it."
    ),
    "syntax_js_error_near": _l(
        "JavaScript cannot read line {line} at “{near}”. "
        "Look for a typo, or a missing comma, bracket or quote."
    ),
    "syntax_js_error": _l(
        "JavaScript cannot read line {line}. Look for a typo, or a missing comma, bracket or quote."
    ),
    "syntax_js_assign": _l("= puts a value into {name}. To compare, write === (three signs)."),
    "restored_local": _l("We restored the code you typed on this device."),
    "checking": _l("Checking your app on a phone screen…"),
    "check_queued": _l("Waiting for a free checker…"),
    "check_waiting": _l("Waiting: {ahead} ahead of you…"),
    "check_pass": _l("Everything works: {passed} of {total} checks passed."),
    "check_fail": _l(
        "{passed} of {total} checks passed. Look at the first one that did not, fix it, "
        "and press Check again."
    ),
    "check_error": _l("We could not finish checking: {message}"),
    "check_failed_to_send": _l(
        "We could not reach the server to check your app. Your code is kept; try again in a moment."
    ),
    "check_slow": _l("Checking takes longer than usual. The result will appear here."),
    "show_in_code": _l("Show me in {file}, line {line}"),
    "first_to_fix": _l("First to fix: {name}"),
    "check_fail_short": _l("{passed} of {total} checks passed."),
    "all_checks": _l("See all checks ({total})"),
    "next_step": _l("Next step"),
    "expected_actual": _l("Expected: {expected}. Found: {actual}."),
    "status_pass": _l("Works"),
    "status_fail": _l("Not yet"),
    "status_error": _l("Could not check"),
    "status_skipped": _l("Not checked"),
    "attempt": _l("Step {step}, {time}: {passed} of {total} checks passed"),
    "attempt_error": _l("Step {step}, {time}: could not be checked"),
    "attempt_waiting": _l("Step {step}, {time}: being checked"),
    "no_attempts": _l("No tries yet."),
    # the class, live (learner pages)
    "push_text": _l("Your trainer asks everyone to open “{exercise}”."),
    "push_text_step": _l("Your trainer asks everyone to open “{exercise}”, step {number}: {step}."),
    "push_go": _l("Go"),
    "dismiss": _l("Dismiss"),
    "message_from_trainer": _l("Message from your trainer"),
    "note_from_trainer": _l("Note from your trainer"),
    # the dashboard (trainer pages)
    "dash_learner": _l("Learner"),
    "dash_status": _l("Status"),
    "dash_step": _l("Step {number}: {title}"),
    "cell_not_started": _l("not started"),
    "cell_working": _l("working on it"),
    "cell_checking": _l("being checked"),
    "cell_failing": plural("not passing yet: {count} check fails", "not passing yet: {count} checks fail"),
    "cell_error": _l("could not be checked"),
    "cell_passed": _l("passed"),
    "cell_label": _l("{name}, {exercise}, step {number}: {state}"),
    "tries": plural("{count} try", "{count} tries"),
    "presence_online": _l("online"),
    "presence_offline": _l("offline"),
    "where_step": _l("on {exercise}, step {number}"),
    "where_exercise": _l("on {exercise}"),
    "where_home": _l("on the list of exercises"),
    "last_seen": _l("last seen {ago}"),
    "ago_now": _l("just now"),
    "ago_minutes": plural("{count} min ago", "{count} min ago"),
    "ago_hours": plural("{count} h ago", "{count} h ago"),
    "ago_days": plural("{count} day ago", "{count} days ago"),
    "stuck_failures": plural(
        "Stuck: {count} failed try in a row on {exercise}, step {number}",
        "Stuck: {count} failed tries in a row on {exercise}, step {number}",
    ),
    "stuck_idle": _l("Stuck: no progress for {minutes} min"),
    "finished": _l("Finished"),
    "progress": _l("{passed} of {total} steps"),
    "summary": _l("{online} of {total} online · {stuck} stuck · {finished} finished"),
    "no_learners": _l("Nobody has joined yet. Show the join sheet."),
    "no_exercises": _l("No exercises are assigned to this class yet."),
    "connection_live": _l("Live"),
    "connection_connecting": _l("Connecting…"),
    "connection_offline": _l(
        "Connection lost: reconnecting. Meanwhile the dashboard updates every 10 seconds."
    ),
    "push_now": _l("Learners are asked to open: {target}"),
    "push_none": _l("Learners are not asked to open anything."),
    "push_sent": _l("Sent. Connected learners see it now; others when they open the site."),
    "push_cleared": _l("Learners are no longer asked to open anything."),
    "send_failed": _l("Not sent: {error}"),
    "send_offline": _l("Not sent: the server cannot be reached. Try again."),
    "broadcast_sent": _l("Sent to the class."),
    "removed_from_class": _l(
        "You are no longer in this class, so its messages stop here. Your code is kept on this device; "
        "ask your trainer if this is a mistake."
    ),
    "chars_left": plural("{count} character left", "{count} characters left"),
    "watch_title": _l("{name}: code and app"),
    "watch_where": _l("{exercise}, step {number}: {step}"),
    "watch_starter": _l("Has not saved any code for this exercise yet: this is the starter code."),
    "watch_saved": _l("Last saved {ago}. Updates as they type."),
    "watch_nothing": _l("Has not opened an exercise yet."),
    "watch_app": _l("{name}'s app"),
    "watch_errors": _l("Errors in their app"),
    "note_to": _l("Note to {name} (appears beside their editor)"),
    "note_sent": _l("Note sent."),
    # the list of learners on the class page
    "learner_rename": _l("Rename"),
    "learner_remove": _l("Remove from class"),
    "learner_name_label": _l("Name of {name}"),
    "learner_renamed": _l("Renamed to {name}."),
    "learner_removed": _l("Removed from the class. Their work is kept."),
    # take it home (learner pages) and the projector (trainer pages)
    "takehome_publish": _l("Publish"),
    "takehome_publish_again": _l("Publish again"),
    "takehome_publishing": _l("Publishing…"),
    "takehome_published": _l("Published. Open the address on your phone, then add it to the home screen."),
    "takehome_unpublished": _l("Unpublished: the address no longer works. Publish again for a new one."),
    "takehome_offline": _l("The server cannot be reached: you can publish when you are back online."),
    "projector_waiting": _l("Waiting for their code…"),
    "projector_none": _l("Pick learners above to show their apps."),
    # open on my phone (the dialog on the exercise page, and the phone page)
    "phone_making": _l("Making your link…"),
    "phone_failed": _l("That did not work: {error}"),
    "phone_offline": _l("Offline: your app updates again when the Wi-Fi is back."),
    "phone_connecting": _l("Connecting…"),
    # How the app was built (static/js/history.js; docs/history.md)
    "history_loading": _l("Loading every saved version…"),
    "history_failed": _l("The history could not be loaded. Check the connection and open it again."),
    "history_empty": _l("Nothing is saved yet: the history starts with the first change."),
    "history_version": _l("Version {number} of {count}, saved at {time}"),
    "history_now": _l("Now ({number} of {count}, at {time}): the code as it is, not a version yet"),
    "history_added": _l("added line"),
    "history_removed": _l("removed line"),
    "history_play": _l("Play"),
    "history_pause": _l("Pause"),
    "history_restored": _l(
        "Version {number} is back in the editor. The code you had before is in the history too."
    ),
    "history_project_restored": _l(
        "Version {number} is back, in every member's editor. The code it replaced is in the history too."
    ),
    # Group projects (static/js/project.js, sprint.js, review.js; docs/projects.md)
    "sprint_none": _l("No sprint is running."),
    "sprint_left": _l("Sprint: {time} left"),
    "sprint_over": _l("Sprint: time is up"),
    "sprint_started": _l("The sprint started: every learner of the class sees the countdown."),
    "sprint_ended": _l("The sprint ended. Time for the review."),
    "assignment_saved": _l("The assignment is saved."),
    "assignment_conflict": _l(
        "Another member of the group saved the assignment first. Your text is still here: "
        "press Save again to keep it, or look at their version."
    ),
    "assignment_updated": _l("A member of the group saved the assignment: their version is shown."),
    "story_text": _l("As a {role} I can {action}"),
    "story_delete": _l("Delete"),
    "story_delete_named": _l("Delete the story: {story}"),
    "stories_none": _l("No stories yet. Add the first one below."),
    "story_added": _l("The story is added: it is a card in To do."),
    "move_to_todo": _l("Move to the To do column"),
    "move_to_doing": _l("Move to the Doing column"),
    "move_to_done": _l("Move to the Done column"),
    "column_todo": _l("To do"),
    "column_doing": _l("Doing"),
    "column_done": _l("Done"),
    "card_moved": _l("“{story}” moved to {column}."),
    # A group's pictures (static/js/assets.js)
    "assets_none": _l("No pictures yet. Upload one, then use it in the code by its path."),
    "assets_usage": _l("Pictures: {count} of {max} · {used} of {total} MB used"),
    "asset_facts": _l("{kb} KB"),
    "asset_facts_by": _l("{kb} KB · uploaded by {name}"),
    "asset_hint": _l("In the code, type:"),
    "asset_insert": _l("Put into the code"),
    "asset_inserted": _l("{path} is in the code, at the cursor."),
    "asset_delete": _l("Delete"),
    "asset_delete_ask": _l("Delete {name} for the whole group?"),
    "asset_delete_yes": _l("Yes, delete it"),
    "asset_delete_no": _l("Keep it"),
    "asset_deleting": _l("Deleting {name}…"),
    "asset_deleted": _l("{name} is deleted."),
    "asset_failed": _l("That did not work. Try again."),
    "asset_offline": _l("No connection: the picture was not uploaded. Try again when you are back online."),
    "asset_too_big": _l(
        "{name} is too big: a picture may be at most {limit} KB. Make it smaller and try again."
    ),
    "asset_uploading": _l("Uploading {name}…"),
    "asset_uploaded": _l("Uploaded. In the code, use it as {path}"),
    "asset_replaced": _l("Replaced the picture of that name. In the code, use it as {path}"),
    "asset_added_by_other": _l("Another member added a picture: {path}"),
    # live co-editing of a group project (static/js/project.js)
    "coedit_you": _l("{name} (you)"),
    "coedit_in_file": _l("Editing {file}"),
    "coedit_left": _l(
        "You are no longer in this group: what you type is not shared. Ask your trainer to add you again."
    ),
    "too_large_file": _l("{file} is over {limit} KB, too big to share with the group. Make it shorter."),
    # a mentor's review: comments beside the code (static/js/comments.js, docs/mentors.md)
    "comment_where_line": _l("{file}, line {line}"),
    "comment_where_lines": _l("{file}, lines {line}–{end}"),
    "comment_on": _l("A comment on {where}"),
    "comment_marker": _l("Comment by {name} on {where}: open it"),
    "comment_show_code": _l("Show {where} in the code"),
    "comment_answer": _l("Answer"),
    "comment_answer_label": _l("Your answer"),
    "comment_resolve": _l("Resolve"),
    "comment_reopen": _l("Open again"),
    "comment_resolved_by": _l("Resolved by {name}"),
    "comment_none": _l("No comments yet."),
    "comment_none_reviewer": _l(
        "No comments yet. Select lines in the code, then press “Comment on these lines”."
    ),
    "comment_new": _l("{name} commented on {where}."),
    "comment_answered": _l("{name} answered on {where}."),
    "comment_resolved_now": _l("Resolved: {where}."),
    "comment_reopened": _l("Open again: {where}."),
    "comment_added": _l("Your comment is added."),
    "comment_need_editor": _l(
        "The code editor did not load here, so lines cannot be chosen. Reload the page."
    ),
    "comments_open": plural("Comments: {count} open", "Comments: {count} open"),
    "role_trainer": _l("trainer"),
    "role_mentor": _l("mentor"),
    "review_of": _l("Group {number} of {count}: {name}"),
}


def plural_samples(language: str) -> dict[str, int]:
    """Return one whole number for each CLDR plural category of a language (1 first, so "one" is 1)."""
    rule = Locale.parse(language).plural_form
    samples: dict[str, int] = {}
    for number in [*range(1, 200), 0]:
        samples.setdefault(rule(number), number)
    samples.setdefault("other", 100)
    return samples


def js_catalog() -> dict[str, str | dict[str, str]]:
    """Return the browser strings in the current language."""
    translations = get_translations()
    samples = plural_samples(str(get_locale()))
    catalog: dict[str, str | dict[str, str]] = {}
    for key, value in JS_MESSAGES.items():
        if isinstance(value, Plural):
            catalog[key] = {
                category: translations.ngettext(value.singular, value.plural, number)
                for category, number in samples.items()
            }
        else:
            catalog[key] = str(value)
    return catalog
