// Review comments beside the code (../docs/mentors.md), built into ../static/vendor/review.js: each
// open thread marks its lines and puts a marker with its number of posts in a gutter of its own; a
// click or tap on the marker opens the thread. The page sets the marks of the file shown (`show`);
// every change of the text (whoever typed it) maps them with the text, so they stay on the same
// code, and `spans` says where each one is now. Used by the project page (with co-editing) and by
// the exercise page and the trainer's watch view (a learner's own work: no Yjs, the mapping is
// what keeps a comment on its code between saves). It shares CodeMirror with editor.js.

import { EditorView, Decoration, gutter, GutterMarker } from "@codemirror/view";
import { StateEffect, StateField, RangeSet } from "@codemirror/state";

const setMarks = StateEffect.define();
const reviewLine = Decoration.line({ class: "cm-review-line" });

class ThreadMarker extends GutterMarker {
  constructor(mark) {
    super();
    this.mark = mark;
  }
  eq(other) {
    return other.mark.id === this.mark.id && other.mark.count === this.mark.count && other.mark.label === this.mark.label;
  }
  toDOM() {
    const dom = document.createElement("span");
    dom.className = "cm-review-marker";
    dom.dataset.thread = String(this.mark.id);
    dom.textContent = String(this.mark.count);
    dom.title = this.mark.label;
    return dom;
  }
}

// The marks as given (offsets held to the text), one span each: from the start of its first line to
// the end of its last.
function place(doc, marks) {
  return marks.map((mark) => {
    const from = Math.max(0, Math.min(doc.length, mark.from));
    const to = Math.max(from, Math.min(doc.length, mark.to));
    return { ...mark, from: doc.lineAt(from).from, to: doc.lineAt(to).to };
  });
}

function build(doc, spans) {
  const lines = [];
  const markers = [];
  for (const span of spans) {
    const first = doc.lineAt(span.from).number;
    const last = doc.lineAt(Math.max(span.from, span.to)).number;
    for (let n = first; n <= last; n++) lines.push(reviewLine.range(doc.line(n).from));
    markers.push(new ThreadMarker(span).range(doc.line(first).from));
  }
  return { spans, lines: Decoration.set(lines, true), markers: RangeSet.of(markers, true) };
}

const marksField = StateField.define({
  create: () => ({ spans: [], lines: Decoration.none, markers: RangeSet.empty }),
  update(value, tr) {
    for (const effect of tr.effects) if (effect.is(setMarks)) return build(tr.state.doc, place(tr.state.doc, effect.value));
    if (!tr.docChanged) return value;
    // A line typed at the start of the first line goes above it; text typed after the end of the
    // last line stays out of it.
    const spans = value.spans.map((span) => {
      const from = tr.changes.mapPos(span.from, 1);
      return { ...span, from, to: Math.max(from, tr.changes.mapPos(span.to, -1)) };
    });
    return build(tr.state.doc, spans);
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.lines),
});

const reviewTheme = EditorView.theme({
  ".cm-review-line": { boxShadow: "inset 4px 0 #4a4a8a", backgroundColor: "#f1effa" },
  ".cm-review-gutter .cm-gutterElement": { padding: "0 2px", cursor: "pointer" },
  ".cm-review-marker": {
    position: "relative", // its hit area grows on a touch screen (app.css)
    display: "inline-block",
    minWidth: "1.6em",
    padding: "0 3px",
    borderRadius: "10px 10px 10px 2px",
    backgroundColor: "#4a4a8a",
    color: "#ffffff",
    font: "bold 13px/1.5 system-ui, sans-serif",
    textAlign: "center",
  },
});

/**
 * onOpen(id): the marker of thread `id` was clicked or tapped.
 * Returns { extension, show(view, marks), spans(view) }: marks are [{id, from, to, count, label}]
 * in the file the view shows; spans(view) is a Map of id -> {from, to} where each is now.
 */
export function reviewMarks({ onOpen }) {
  const extension = [
    marksField,
    gutter({
      class: "cm-review-gutter",
      markers: (view) => view.state.field(marksField).markers,
      domEventHandlers: {
        click(view, line, event) {
          // The marker itself first: on a touch screen its hit area reaches past its line.
          const hit = event.target instanceof Element ? event.target.closest(".cm-review-marker") : null;
          let found = hit ? Number(hit.dataset.thread) : null;
          if (found == null) {
            view.state.field(marksField).markers.between(line.from, line.from, (_from, _to, marker) => {
              if (found == null) found = marker.mark.id;
            });
          }
          if (found == null) return false;
          onOpen(found);
          return true;
        },
      },
    }),
    reviewTheme,
  ];
  return {
    extension,
    show(view, marks) {
      view.dispatch({ effects: setMarks.of(marks) });
    },
    spans(view) {
      const field = view.state.field(marksField, false);
      return new Map((field ? field.spans : []).map((span) => [span.id, { from: span.from, to: span.to }]));
    },
  };
}
