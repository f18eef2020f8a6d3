// "Check": send the learner's files for grading, then show each check's result as it arrives
// over the websocket (or by polling when the websocket is not there).
import { callJson } from "./api.js";
import { t, timeOfDay } from "./i18n.js";

const POLL_AFTER_MS = 1200;
const POLL_EVERY_MS = 1000;
const GIVE_UP_AFTER_MS = 60000;

export function setupChecking({ data, live, getFiles, goToLine, showPanel, beforeCheck = async () => {} }) {
  const button = document.getElementById("check");
  const status = document.getElementById("check-status");
  const list = document.getElementById("check-results");
  const passedBox = document.getElementById("step-passed");
  const attempts = document.getElementById("attempts");
  const attemptsList = document.getElementById("attempts-list");
  const verdict = document.getElementById("check-verdict");
  const verdictText = document.getElementById("check-verdict-text");
  const verdictDetail = document.getElementById("check-verdict-detail");
  const verdictActions = document.getElementById("check-verdict-actions");
  let waitingFor = null;
  let pollTimer = null;

  // The answer shows twice: in a bar under the top bar, always in sight (the first failing check
  // and its hint), and as the full list under the instructions.
  function say(text, kind = "") {
    status.textContent = text;
    status.dataset.kind = kind;
    verdictText.textContent = text;
    verdict.dataset.kind = kind;
    verdict.classList.remove("idle");
    if (kind === "busy") {
      verdictDetail.replaceChildren();
      verdictActions.replaceChildren();
    }
  }
  document.getElementById("check-verdict-close").addEventListener("click", () => {
    verdict.classList.add("idle");
    button.focus();
  });

  function showAll() {
    showPanel("instructions");
    const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
    list.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
    list.focus({ preventScroll: true });
  }

  function showVerdict(result) {
    if (result.status === "fail") {
      const passed = result.checks.filter((check) => check.status === "pass").length;
      verdictText.textContent = t("check_fail_short", { passed, total: result.checks.length });
    }
    verdictDetail.replaceChildren();
    verdictActions.replaceChildren();
    const first = result.checks.find((check) => check.status !== "pass" && check.status !== "skipped");
    if (result.status !== "pass" && first) {
      verdictDetail.append(paragraph(t("first_to_fix", { name: first.name }), "verdict-check", true));
      // An error's own words are already the answer's first line: not twice.
      if (first.message && !verdictText.textContent.includes(first.message)) {
        verdictDetail.append(paragraph(first.message, "check-message"));
      }
      if (first.hint) verdictDetail.append(paragraph(first.hint, "check-hint", true));
      if (first.file && first.line && data.files.includes(first.file)) {
        verdictActions.append(action(t("show_in_code", { file: first.file, line: first.line }),
          () => goToLine(first.file, first.line)));
      }
    }
    const next = document.getElementById("next-step");
    if (result.status === "pass" && result.step === data.step && next) {
      const link = document.createElement("a");
      link.className = "button";
      link.href = next.href;
      link.textContent = `${t("next_step")} →`;
      verdictActions.append(link);
    }
    if (result.checks.length) verdictActions.append(action(t("all_checks", { total: result.checks.length }), showAll, "secondary"));
    // Keyboard and screen-reader users: the Check button was disabled while checking, so focus
    // fell to the page; bring it to the answer.
    if (document.activeElement === document.body || document.activeElement === button) verdict.focus({ preventScroll: true });
  }

  function action(text, onClick, kind = "") {
    const control = document.createElement("button");
    control.type = "button";
    control.className = `button small ${kind}`.trim();
    control.textContent = text;
    control.addEventListener("click", onClick);
    return control;
  }

  let clickedAt = 0;

  function finish(submission) {
    if (submission !== waitingFor) return;
    waitingFor = null;
    // For benchmarks and tests: how long from pressing Check to the result on screen.
    document.body.dataset.checkLatency = (performance.now() - clickedAt).toFixed(1);
    document.body.dataset.checks = String(Number(document.body.dataset.checks || 0) + 1);
    clearTimeout(pollTimer);
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }

  function render(result) {
    list.replaceChildren();
    const total = result.checks.length;
    const passed = result.checks.filter((check) => check.status === "pass").length;
    if (result.status === "pass") say(t("check_pass", { passed, total }), "pass");
    else if (result.status === "error") say(t("check_error", { message: result.message || "" }), "error");
    else say(t("check_fail", { passed, total }), "fail");
    for (const check of result.checks) {
      const item = document.createElement("li");
      item.className = `check-result ${check.status}`;
      item.dataset.check = check.id;
      const head = document.createElement("div");
      head.className = "check-head";
      const mark = document.createElement("span");
      mark.className = "mark";
      mark.textContent = t(`status_${check.status}`);
      const name = document.createElement("span");
      name.className = "check-name";
      name.append(...withCode(check.name));
      head.append(mark, name);
      item.append(head);
      if (check.status !== "pass" && check.status !== "skipped") {
        if (check.message) item.append(paragraph(check.message, "check-message"));
        if (check.hint) item.append(paragraph(check.hint, "check-hint", true));
        if (check.file && check.line && data.files.includes(check.file)) {
          const jump = document.createElement("button");
          jump.type = "button";
          jump.className = "button secondary small";
          jump.textContent = t("show_in_code", { file: check.file, line: check.line });
          jump.addEventListener("click", () => goToLine(check.file, check.line));
          item.append(jump);
        }
      }
      list.append(item);
    }
    showVerdict(result);
    if (result.status === "pass" && result.step === data.step) {
      passedBox.hidden = false;
      document.querySelector(`.steps li[data-step="${data.step}"]`)?.classList.add("done");
    }
    if (attempts.open) loadAttempts();
  }

  function paragraph(text, className, code = false) {
    const p = document.createElement("p");
    p.className = className;
    if (code) p.append(...withCode(text));
    else p.textContent = text;
    return p;
  }

  // A check's name and hint may hold `inline code` (docs/exercise-format.md): each pair of backticks
  // becomes a <code>, built as elements and text, never parsed as HTML.
  function withCode(text) {
    const parts = String(text ?? "").split("`");
    const nodes = [];
    parts.forEach((part, index) => {
      const closed = index % 2 === 1 && index < parts.length - 1;
      if (closed) {
        const code = document.createElement("code");
        code.textContent = part;
        nodes.push(code);
      } else {
        // A backtick with no partner stays as written.
        const unpaired = index % 2 === 1 ? "`" : "";
        if (part || unpaired) nodes.push(document.createTextNode(unpaired + part));
      }
    });
    return nodes;
  }

  async function poll(id, started) {
    try {
      const response = await fetch(`/api/submissions/${id}`, { credentials: "same-origin" });
      if (response.ok) {
        const submission = await response.json();
        if (submission.result && waitingFor === id) {
          finish(id);
          render(submission.result);
          return;
        }
      }
    } catch (error) {
      // offline for a moment: keep trying
    }
    if (waitingFor !== id) return;
    if (performance.now() - started > GIVE_UP_AFTER_MS) {
      finish(id);
      say(t("check_slow"), "error");
      return;
    }
    pollTimer = setTimeout(() => poll(id, started), POLL_EVERY_MS);
  }

  // Where each Check is in the grading queue; it may be told before its submission's id arrives.
  const progress = new Map();
  function sayProgress(submission) {
    const where = progress.get(submission);
    if (!where || submission !== waitingFor) return;
    if (where.state === "waiting") say(t("check_waiting", { ahead: where.ahead }), "busy");
    else say(t("checking"), "busy");
  }

  live.listen((message) => {
    if (message.type === "progress") {
      progress.set(message.submission, message);
      sayProgress(message.submission);
    }
    if (message.type === "result" && message.submission === waitingFor) {
      finish(message.submission);
      render(message.result);
    }
  });

  button.addEventListener("click", async () => {
    if (waitingFor) return;
    clickedAt = performance.now();
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    list.replaceChildren();
    say(t("checking"), "busy");
    // What is checked is saved first: an answer can come at once (the same files were checked a
    // moment ago), and a learner who then goes to the next step must not leave a save behind that
    // lands after the next page was made (it would ask them to choose between two versions).
    await beforeCheck();
    let body;
    try {
      body = await callJson(data.submitUrl, {
        method: "POST",
        json: { exercise: data.exercise, step: data.step, files: getFiles() },
      });
    } catch (error) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      say(error.serverError || t("check_failed_to_send"), "error");
      return;
    }
    waitingFor = body.id;
    if (body.result) {
      // The same files were checked a moment ago (a class on one step): the answer holds the result.
      finish(body.id);
      render(body.result);
      return;
    }
    sayProgress(body.id);
    const started = performance.now();
    // The websocket usually brings the result first; polling covers a missing or dropped one.
    pollTimer = setTimeout(() => poll(body.id, started), live.isOpen() ? POLL_AFTER_MS : 300);
  });

  async function loadAttempts() {
    const response = await fetch(data.attemptsUrl, { credentials: "same-origin" }).catch(() => null);
    if (!response || !response.ok) return;
    const { submissions } = await response.json();
    attemptsList.replaceChildren();
    if (!submissions.length) attemptsList.append(paragraph(t("no_attempts"), "empty"));
    for (const submission of submissions) {
      const item = document.createElement("li");
      const time = timeOfDay(submission.created_at);
      const result = submission.result;
      let text;
      if (!result) text = t("attempt_waiting", { step: submission.step, time });
      else if (result.status === "error") text = t("attempt_error", { step: submission.step, time });
      else {
        const passed = result.checks.filter((check) => check.status === "pass").length;
        text = t("attempt", { step: submission.step, time, passed, total: result.checks.length });
      }
      const show = document.createElement("button");
      show.type = "button";
      show.className = `attempt ${submission.status}`;
      show.textContent = text;
      show.disabled = !result;
      show.addEventListener("click", () => render(result));
      item.append(show);
      attemptsList.append(item);
    }
  }
  attempts.addEventListener("toggle", () => { if (attempts.open) loadAttempts(); });
}
