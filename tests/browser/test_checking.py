"""A learner presses Check: real grading in Chromium, results on the page, the next step unlocked."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import open_exercise, open_file, press_check, replace_code


def test_check_shows_each_failing_check_with_message_and_hint(page, server):
    open_exercise(page, server)
    press_check(page)
    result = page.locator("#check-results li[data-check='has-heading']")
    expect(result).to_contain_text("There is a heading that says Hello", timeout=20_000)
    expect(result).to_contain_text("Not yet")
    expect(result.locator(".check-message")).to_contain_text("could not find")
    expect(result.locator(".check-hint")).to_contain_text("Write <h1>Hello</h1> inside <body>.")
    expect(page.locator("#check-status")).to_contain_text("0 of 1 checks passed")
    expect(page.locator("#step-passed")).to_be_hidden()
    expect(page.locator("#check")).to_be_enabled()


def test_passing_a_step_unlocks_the_next_with_the_code_carried_over(page, server):
    open_exercise(page, server)
    expect(page.locator(".steps li[data-step='button'] span[aria-disabled]")).to_be_visible()
    open_file(page, "index.html")
    replace_code(page, "<h1>Hello</h1>\n<button id='add'>+</button>")
    press_check(page)
    expect(page.locator("#check-status")).to_contain_text("Everything works", timeout=20_000)
    page.locator("#next-step").click()
    expect(page).to_have_url(f"{server.url}/exercises/hello/button")
    expect(page.locator("h1")).to_contain_text("Count clicks")
    open_file(page, "index.html")
    expect(page.locator("#editor .cm-content")).to_contain_text("<button id='add'>+</button>")
    expect(page.locator(".steps li[data-step='heading']")).to_have_class("done")


def test_earlier_tries_are_listed_and_can_be_shown_again(page, server):
    open_exercise(page, server)
    press_check(page)
    expect(page.locator("#check-status")).to_contain_text("checks passed", timeout=20_000)
    page.locator("#attempts summary").click()
    attempt = page.locator("#attempts-list .attempt").first
    expect(attempt).to_contain_text("heading")
    expect(attempt).to_contain_text("0 of 1 checks passed")
    page.locator("#check-results").evaluate("list => list.replaceChildren()")
    attempt.click()
    expect(page.locator("#check-results li[data-check='has-heading']")).to_be_visible()


def test_the_result_arrives_by_polling_when_the_websocket_is_blocked(page, server):
    page.route_web_socket("**/live", lambda socket: socket.close())
    open_exercise(page, server)
    press_check(page)
    expect(page.locator("#check-results li[data-check='has-heading']")).to_be_visible(timeout=20_000)


def test_a_locked_step_cannot_be_submitted(page, server):
    open_exercise(page, server)
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    response = page.request.post(
        f"{server.url}/api/submissions",
        data={"exercise": "hello", "step": "button", "files": {"app.js": "x"}},
        headers={"X-CSRF-Token": token},
    )
    assert response.status == 403
    assert "Pass the steps before this one first." in response.json()["error"]


def test_what_is_checked_is_saved_before_the_answer_even_an_answer_given_at_once(page, server):
    """Files checked a moment ago are answered at once (grading/shared.py); the code must be saved
    by then, or a learner who goes straight to the next step leaves a save behind that lands after
    the next page was made, and is asked to choose between two versions of their code."""
    open_exercise(page, server)
    open_file(page, "index.html")
    first = "<h1>Hello</h1>\n<button id='add'>+</button>"
    replace_code(page, first)
    press_check(page)
    expect(page.locator("#check-status")).to_contain_text("Everything works", timeout=20_000)
    replace_code(page, "<h1>Hello again</h1>")
    press_check(page)
    expect(page.locator("body")).to_have_attribute("data-checks", "2", timeout=20_000)
    replace_code(page, first)
    press_check(page)  # the same files as the first Check: the answer comes at once
    expect(page.locator("#check-status")).to_contain_text("Everything works", timeout=20_000)
    versions = page.evaluate("fetch('/api/work/hello/versions').then((r) => r.json())")
    newest = versions["versions"][-1] if isinstance(versions, dict) else versions[-1]
    assert "Hello again" not in str(newest) and "id='add'" in str(newest)
