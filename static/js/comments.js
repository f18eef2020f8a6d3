// A review beside the code (../../docs/mentors.md): the threads of comments on lines of the files,
// in a sheet (a side panel on a laptop, a bottom sheet on a phone), and their marks beside the code
// (vendor/review.js `reviewMarks`: a marker in the gutter opens its thread). On the project page
// the trainer and mentors start a thread on the lines selected in the editor, and anyone in the
// project answers and resolves; on the trainer's watch view the trainer comments on a learner's
// exercise work, which the learner answers and resolves on their exercise page. Changes arrive live
// over the page's socket ("comment", with the whole thread). Everything people wrote is set as
// text, never as HTML.
import { callJson } from "./api.js";
import { el } from "./dom.js";
import { t } from "./i18n.js";

const $ = (selector) => document.querySelector(selector);

/**
 * review: the page data's `review` ({url, threads, mayStart});
 * editor: the page's editor (createEditor's, or the plain text area's: no marks then, the sheet
 *   still works);
 * coedit: a project's co-edited document, whose positions say where a thread is; without it (a
 *   learner's exercise work) a thread is on the lines the server found its text on, and the
 *   editor's own mapping keeps it there as the text changes;
 * marks: reviewMarks(...) of vendor/review.js, or null;
 * showCode(file, line): show that line of that file in the editor (the Code tab on a phone);
 * hideWhenEmpty: no Comments button while there is no thread (the learner's exercise page).
 * Returns { hear(thread), refresh(), openThread(id), load(review) }: load shows another review
 * (the watch view follows another learner or exercise).
 */
export function startReview({ review, editor, coedit, marks, showCode, hideWhenEmpty = false }) {
  let url = review.url;
  let threads = new Map(review.threads.map((thread) => [thread.id, thread]));
  const sheet = $("#comments-sheet");
  const openButton = $("#comments-open");
  const count = $("#comments-count");
  const status = $("#comments-status");
  const openList = $("#comments-open-list");
  const resolvedBox = $("#comments-resolved");
  const resolvedList = $("#comments-resolved-list");
  const form = $("#comment-form");
  let opener = null;
  let target = null; // {file, line, endLine, seen}: where the comment being written goes

  // The lines a thread is on now: its anchors read in this page's document (the server's figures
  // are where it was when the server last looked).
  function linesOf(thread) {
    if (!coedit || !thread.start) return workLines(thread);
    const text = coedit.text(thread.file);
    const lineAt = (offset) => text.slice(0, offset).split("\n").length;
    const from = coedit.position(thread.file, thread.start);
    const to = coedit.position(thread.file, thread.end);
    if (from == null) return { line: thread.line, endLine: thread.endLine };
    const line = lineAt(from);
    return { line, endLine: Math.max(line, to == null ? line : lineAt(to)) };
  }
  function where(thread) {
    const { line, endLine } = linesOf(thread);
    return endLine > line
      ? t("comment_where_lines", { file: thread.file, line, end: endLine })
      : t("comment_where_line", { file: thread.file, line });
  }

  // ---- where each open thread is in the file shown: its anchors read in the document now
  function lineStart(text, line) {
    let at = 0;
    for (let n = 1; n < line && at !== -1; n++) at = text.indexOf("\n", at) + (n < line ? 1 : 0) || -1;
    return Math.max(0, at);
  }
  // ---- a learner's exercise work: the lines the editor's mapping kept the mark on, else where the
  // text it was made on is, nearest the server's figure (the page may have typed since its save)
  function workLines(thread) {
    const span = editor.view && marks && editor.active() === thread.file ? marks.spans(editor.view).get(thread.id) : null;
    if (!span) return { line: thread.line, endLine: thread.endLine };
    const doc = editor.view.state.doc;
    return { line: doc.lineAt(span.from).number, endLine: doc.lineAt(span.to).number };
  }
  function placed(doc, thread) {
    const lines = doc.toString().split("\n");
    const wanted = (thread.quote || "").split("\n");
    let best = null;
    for (let start = 0; start + wanted.length <= lines.length; start++) {
      if (wanted.every((text, n) => lines[start + n] === text) && (best == null || Math.abs(start + 1 - thread.line) < Math.abs(best + 1 - thread.line))) best = start;
    }
    const first = best != null ? best + 1 : Math.max(1, Math.min(thread.line, doc.lines));
    const last = best != null ? first + wanted.length - 1 : Math.max(first, Math.min(thread.endLine, doc.lines));
    return { from: doc.line(first).from, to: doc.line(last).to };
  }
  function refreshWork() {
    const file = editor.active();
    const doc = editor.view.state.doc;
    const kept = marks.spans(editor.view);
    const shown = [];
    for (const thread of threads.values()) {
      if (thread.resolved || thread.file !== file) continue;
      const { from, to } = kept.get(thread.id) ?? placed(doc, thread);
      shown.push({ id: thread.id, from, to, count: 1 + thread.replies.length, label: t("comment_marker", { where: where(thread), name: thread.author.name }) });
    }
    marks.show(editor.view, shown);
    document.body.dataset.reviewMarks = String(shown.length); // for tests
  }

  function refresh() {
    if (!marks || !editor.view) return;
    if (!coedit) {
      refreshWork();
      return;
    }
    const file = editor.active();
    const text = coedit.text(file);
    const shown = [];
    for (const thread of threads.values()) {
      if (thread.resolved || thread.file !== file) continue;
      const from = coedit.position(file, thread.start) ?? lineStart(text, thread.line);
      const to = coedit.position(file, thread.end) ?? from;
      shown.push({
        id: thread.id,
        from,
        to: Math.max(from, to),
        count: 1 + thread.replies.length,
        label: t("comment_marker", { where: where(thread), name: thread.author.name }),
      });
    }
    marks.show(editor.view, shown);
    document.body.dataset.reviewMarks = String(shown.length); // for tests
  }

  // ---- the sheet: open threads first, resolved ones folded below
  function post(author, text) {
    const item = el("li", "post");
    const who = el("p", "post-author");
    who.append(el("strong", "", author.name));
    who.querySelector("strong").setAttribute("translate", "no");
    if (author.role === "mentor" || author.role === "trainer") who.append(` · ${t(`role_${author.role}`)}`);
    item.append(who, el("p", "post-text", text));
    return item;
  }

  function threadElement(thread) {
    const box = el("article", `thread${thread.resolved ? " resolved" : ""}`);
    box.dataset.thread = String(thread.id);
    box.tabIndex = -1;
    const head = el("div", "thread-head");
    const go = el("button", "link thread-where", where(thread));
    go.type = "button";
    go.setAttribute("aria-label", t("comment_show_code", { where: where(thread) }));
    go.addEventListener("click", () => {
      close();
      showCode(thread.file, linesOf(thread).line);
    });
    head.append(go);
    if (thread.resolved) head.append(el("span", "thread-state", t("comment_resolved_by", { name: thread.resolvedBy || "" })));
    box.append(head);
    if (thread.quote) {
      const quote = el("pre", "thread-quote", thread.quote.split("\n").slice(0, 3).join("\n"));
      quote.setAttribute("translate", "no");
      box.append(quote);
    }
    const posts = el("ol", "thread-posts");
    posts.append(post(thread.author, thread.text), ...thread.replies.map((reply) => post(reply.author, reply.text)));
    box.append(posts);

    const answer = el("form", "thread-answer");
    const fieldId = `answer-${thread.id}`;
    const label = el("label", "", t("comment_answer_label"));
    label.htmlFor = fieldId;
    const area = el("textarea");
    area.id = fieldId;
    area.rows = 2;
    area.maxLength = 2000;
    area.required = true;
    const send = el("button", "button small", t("comment_answer"));
    const resolve = el("button", "button secondary small thread-resolve", thread.resolved ? t("comment_reopen") : t("comment_resolve"));
    resolve.type = "button";
    resolve.addEventListener("click", () => act(thread, () => callJson(`${url}/${thread.id}`, { method: "PATCH", json: { resolved: !thread.resolved } })));
    const buttons = el("div", "control-row");
    buttons.append(send, resolve);
    answer.append(label, area, buttons);
    answer.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!area.value.trim()) return;
      act(thread, () => callJson(`${url}/${thread.id}/replies`, { method: "POST", json: { text: area.value } }));
    });
    box.append(answer);
    return box;
  }

  async function act(thread, request) {
    try {
      put(await request(), true);
    } catch (error) {
      status.textContent = error.serverError || t("save_failed");
    }
  }

  // Where each thread is, as the sheet says it (drawn again only when one of them moved).
  let drawnPlaces = "";
  const places = () => [...threads.values()].map(where).join("|");

  function render() {
    drawnPlaces = places();
    const all = [...threads.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.id - b.id);
    const open = all.filter((thread) => !thread.resolved);
    const resolved = all.filter((thread) => thread.resolved);
    // Keep what someone is typing in an answer while the list is drawn again.
    const typing = [...sheet.querySelectorAll(".thread-answer textarea")].filter((area) => area.value);
    const kept = new Map(typing.map((area) => [area.id, [area.value, area.selectionStart, area.selectionEnd]]));
    const focused = document.activeElement?.id;
    openList.replaceChildren(...(open.length ? open.map(threadElement) : [el("p", "empty", review.mayStart ? t("comment_none_reviewer") : t("comment_none"))]));
    resolvedList.replaceChildren(...resolved.map(threadElement));
    for (const [id, [value, from, to]] of kept) {
      const area = document.getElementById(id);
      if (!area) continue;
      area.value = value;
      area.setSelectionRange(from, to);
    }
    if (focused && document.getElementById(focused) && sheet.contains(document.getElementById(focused))) {
      document.getElementById(focused).focus();
    }
    resolvedBox.hidden = resolved.length === 0;
    $("#comments-resolved-count").textContent = String(resolved.length);
    count.textContent = String(open.length);
    if (hideWhenEmpty) openButton.hidden = threads.size === 0;
    openButton.setAttribute("aria-label", t("comments_open", { count: open.length }));
    document.body.dataset.threads = String(open.length); // for tests
    refresh();
  }

  // A thread, new or changed (from this page's own request, or from the socket).
  function put(thread, mine = false) {
    const before = threads.get(thread.id);
    threads.set(thread.id, thread);
    render();
    if (mine && !before) status.textContent = t("comment_added");
    else if (!mine && !before) status.textContent = t("comment_new", { name: thread.author.name, where: where(thread) });
    else if (!mine && before && thread.replies.length > before.replies.length) {
      status.textContent = t("comment_answered", { name: thread.replies.at(-1).author.name, where: where(thread) });
    } else if (before && thread.resolved !== before.resolved) {
      status.textContent = thread.resolved ? t("comment_resolved_now", { where: where(thread) }) : t("comment_reopened", { where: where(thread) });
    }
  }

  // focusOn: a selector in the sheet (drawn again first: the lines may have moved since).
  function open(focusOn = "#comments-title") {
    if (!sheet.open) opener = document.activeElement;
    render();
    if (!sheet.open) sheet.show();
    document.body.dataset.commentsOpen = "true";
    (sheet.querySelector(focusOn) || $("#comments-title")).focus();
  }
  function close() {
    if (sheet.open) sheet.close();
    delete document.body.dataset.commentsOpen;
    if (form) form.hidden = true;
    if (opener && document.contains(opener)) opener.focus();
    opener = null;
  }
  function openThread(id) {
    const thread = threads.get(id);
    if (!thread) return;
    if (thread.resolved) resolvedBox.open = true;
    open(`.thread[data-thread="${id}"]`);
  }

  openButton.addEventListener("click", () => (sheet.open ? close() : open()));
  $("#comments-close").addEventListener("click", close);
  sheet.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });

  // ---- a new thread: on the lines selected in the editor
  const add = $("#comment-add");
  if (add && form) {
    add.addEventListener("click", () => {
      if (!editor.view) {
        status.textContent = t("comment_need_editor");
        open();
        return;
      }
      const state = editor.view.state;
      const { from, to } = state.selection.main;
      const first = state.doc.lineAt(from);
      // A selection that ends at the very start of a line does not take that line in.
      const last = state.doc.lineAt(to > from && state.doc.lineAt(to).from === to ? to - 1 : to);
      const seen = state.doc.sliceString(first.from, last.to);
      const file = editor.active();
      target = { file, line: first.number, endLine: last.number, seen, ...(coedit ? coedit.anchor(file, first.from, last.to) : {}) };
      $("#comment-where").textContent = t("comment_on", { where: where(target) });
      form.hidden = false;
      open("#comment-text");
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const area = $("#comment-text");
      if (!target || !area.value.trim()) return;
      try {
        const thread = await callJson(url, { method: "POST", json: { ...target, text: area.value } });
        area.value = "";
        form.hidden = true;
        put(thread, true);
        sheet.querySelector(`.thread[data-thread="${thread.id}"]`)?.focus();
      } catch (error) {
        status.textContent = error.serverError || t("save_failed");
      }
    });
    $("#comment-cancel").addEventListener("click", () => {
      form.hidden = true;
      add.focus();
    });
  }

  // Another review in the same sheet (the watch view: another learner, or another exercise).
  function load(next) {
    url = next.url;
    threads = new Map(next.threads.map((thread) => [thread.id, thread]));
    if (form) form.hidden = true;
    status.textContent = "";
    render();
  }

  // The text changed (typing, a save the watch view heard, another file shown): the marks, and
  // the sheet's "where" of each thread when it is open.
  function update() {
    if (sheet.open && places() !== drawnPlaces) render();
    else refresh();
  }

  render();
  return { hear: (thread) => put(thread), refresh: update, openThread, load };
}
