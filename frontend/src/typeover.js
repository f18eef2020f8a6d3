// Typing code exactly as an instruction shows it must give exactly that code.
// The editor types some characters for the learner: the closing half of a
// bracket or quote pair, and the close tag of an HTML element. When the
// learner then goes on to type those characters themselves, they must not be
// doubled. CodeMirror's closeBrackets() types over its own closers only while
// the cursor stays on their line; an instruction such as
//
//   button.addEventListener("click", function () {
//     show();
//   });
//
// is typed with Enter inside the braces, which moves the auto-inserted `})`
// to a line of its own, and the learner's `});` would land above it. So this
// extension remembers, for as long as the cursor stays before them, which
// characters the editor typed, and:
//
// - a typed character equal to the remembered one at the cursor moves over it;
// - a closing bracket typed on an empty line, just above a line that starts
//   with the same remembered closer, removes the empty line and moves over
//   that closer;
// - `</` typed on an empty line, just above a remembered close tag, does the
//   same for the tag.
//
// Characters the learner typed or pasted are never remembered, so their own
// brackets and tags are always inserted as typed.

import { StateField, Prec } from "@codemirror/state";
import { EditorView } from "@codemirror/view";

const PAIRS = { "(": ")", "[": "]", "{": "}", '"': '"', "'": "'", "`": "`" };

// Positions of the characters the editor typed, ascending. A character is
// the range [p, p + 1]; it is forgotten when it is deleted or when the cursor
// has gone past it.
export const autoTyped = StateField.define({
  create: () => [],
  update(value, tr) {
    let next = value;
    if (tr.docChanged) {
      next = [];
      for (const p of value) {
        const start = tr.changes.mapPos(p, 1);
        const end = tr.changes.mapPos(p + 1, -1);
        if (end - start == 1) next.push(start);
      }
      const typed = tr.isUserEvent("input.type");
      const completed = tr.isUserEvent("input.complete");
      if (typed || completed) {
        tr.changes.iterChanges((fromA, toA, fromB, toB, inserted) => {
          const text = inserted.toString();
          // closeBrackets() inserts the pair at once: "()", "\"\"", ...
          if (typed && text.length == 2 && PAIRS[text[0]] == text[1]) next.push(fromB + 1);
          // Our HTML auto-close (html.js) inserts a close tag or its rest.
          else if (completed && /^[\w\-:.]*>$|^<\/[\w\-:.]+>$/.test(text)) {
            for (let p = fromB; p < toB; p++) next.push(p);
          }
        });
        next.sort((a, b) => a - b);
      }
    }
    if (tr.selection || tr.docChanged) {
      const head = tr.state.selection.main.head;
      if (next.some((p) => p < head)) next = next.filter((p) => p >= head);
    }
    return next;
  },
});

function lineIsBlankAround(text) {
  return !/\S/.test(text);
}

function handleInput(view, from, to, text) {
  if (view.composing || view.state.readOnly || from != to || text.length != 1) return false;
  const state = view.state;
  if (state.selection.ranges.length > 1) return false;
  const tracked = state.field(autoTyped, false);
  if (!tracked || !tracked.length) return false;
  const doc = state.doc;

  if (doc.sliceString(from, from + 1) == text && tracked.includes(from)) {
    view.dispatch({ selection: { anchor: from + 1 }, scrollIntoView: true, userEvent: "input.type" });
    return true;
  }

  const line = doc.lineAt(from);
  if (line.number >= doc.lines || !lineIsBlankAround(doc.sliceString(from, line.to))) return false;
  const before = doc.sliceString(line.from, from);
  const next = doc.line(line.number + 1);
  const target = next.from + /^\s*/.exec(next.text)[0].length;
  const removed = next.from - line.from;
  let land = null;
  if (")]}".includes(text) && lineIsBlankAround(before) && doc.sliceString(target, target + 1) == text && tracked.includes(target))
    land = target + 1;
  else if (text == "/" && /^\s*<$/.test(before) && doc.sliceString(target, target + 2) == "</" &&
           tracked.includes(target) && tracked.includes(target + 1))
    land = target + 2;
  if (land == null) return false;
  view.dispatch({
    changes: { from: line.from, to: next.from },
    selection: { anchor: land - removed },
    scrollIntoView: true,
    userEvent: "input.type",
  });
  return true;
}

// Runs before closeBrackets() and the HTML auto-close handler.
export function typeOver() {
  return [autoTyped, Prec.highest(EditorView.inputHandler.of(handleInput))];
}
