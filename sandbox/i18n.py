"""Languages: Flask-Babel for pages, and the catalog of strings the page scripts show."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "tg": "Тоҷикӣ"}

# Every string the browser scripts show, translated on the server and handed to the page
# as JSON; static/js/i18n.js looks them up by key. {name} placeholders are filled in JS.
JS_MESSAGES = {
    "saved": _l("Saved"),
    "saving": _l("Saving…"),
    "offline": _l("Offline: your code is kept on this device and will be saved when you are back online"),
    "save_failed": _l("Not saved yet: we will keep trying. Your code is kept on this device."),
    "too_large": _l(
        "This file is too big to save (over {limit} KB). Make it shorter; your code is kept on this device."
    ),
    "stuck": _l("Your code seems stuck: a loop may never end. We stopped it so you can keep typing."),
    "stuck_at": _l(
        "Your code seems stuck: the loop at {file} line {line} ran for more than a second, so we stopped it."
    ),
    "console_empty": _l("No messages. Errors and console.log output from your app appear here."),
    "error_in": _l("{file} line {line}"),
    "reset_done": _l("Your code is back to the starting point. The old version is kept on the server."),
    "code_label": _l("Code: {file}"),
    "rotate": _l("Rotate"),
    "preview_loading": _l("Starting your app…"),
    "preview_title": _l("Your app"),
    "errors_count": _l("{count} errors"),
    "restored_local": _l("We restored the code you typed on this device."),
    "checking": _l("Checking your app on a phone screen…"),
    "check_queued": _l("Waiting for a free checker…"),
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
    "expected_actual": _l("Expected: {expected}. Found: {actual}."),
    "status_pass": _l("Works"),
    "status_fail": _l("Not yet"),
    "status_error": _l("Could not check"),
    "status_skipped": _l("Not checked"),
    "attempt": _l("Step {step}, {time}: {passed} of {total} checks passed"),
    "attempt_error": _l("Step {step}, {time}: could not be checked"),
    "attempt_waiting": _l("Step {step}, {time}: being checked"),
    "no_attempts": _l("No tries yet."),
}


def js_catalog() -> dict[str, str]:
    """Return the browser strings in the current language."""
    return {key: str(value) for key, value in JS_MESSAGES.items()}
