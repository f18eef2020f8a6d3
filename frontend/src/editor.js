// Code editor for the learner page: a small CodeMirror 6 setup with one
// EditorView and one EditorState per file. Built into ../static/vendor/editor.js
// by `npm run build` (see ../README.md). Exports only createEditor().

import {
  EditorState,
  EditorSelection,
  Compartment,
  StateEffect,
  StateField,
  Annotation,
} from "@codemirror/state";
import {
  EditorView,
  Decoration,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
} from "@codemirror/view";
import {
  history,
  historyKeymap,
  standardKeymap,
  indentWithTab,
  indentMore,
  indentLess,
  moveLineUp,
  moveLineDown,
  toggleComment,
  simplifySelection,
  toggleTabFocusMode,
} from "@codemirror/commands";
import {
  syntaxHighlighting,
  HighlightStyle,
  indentOnInput,
  indentUnit,
  bracketMatching,
  StreamLanguage,
} from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { tags as t } from "@lezer/highlight";
import { cssLanguage, cssDeclarations } from "./css.js";
import { htmlLanguage, autoCloseTags } from "./html.js";
import { nestableJS } from "./indent.js";
import { typeOver } from "./typeover.js";
import { createFeedback, feedbackGutter } from "./feedback/index.js";

// ---------------------------------------------------------------- look

// Colours picked for at least 4.5:1 contrast on white (and on the pale
// active-line background).
const highlightStyle = HighlightStyle.define([
  { tag: t.meta, color: "#404740" },
  { tag: t.link, textDecoration: "underline" },
  { tag: t.heading, textDecoration: "underline", fontWeight: "bold" },
  { tag: t.emphasis, fontStyle: "italic" },
  { tag: t.strong, fontWeight: "bold" },
  { tag: t.keyword, color: "#770088" },
  { tag: [t.atom, t.bool, t.url, t.contentSeparator, t.labelName], color: "#221199" },
  { tag: [t.literal, t.inserted], color: "#116644" },
  { tag: [t.string, t.deleted], color: "#aa1111" },
  { tag: [t.regexp, t.escape, t.special(t.string)], color: "#b33c00" },
  { tag: t.definition(t.variableName), color: "#0000ee" },
  { tag: t.local(t.variableName), color: "#3300aa" },
  { tag: t.tagName, color: "#116611", fontWeight: "bold" },
  { tag: [t.typeName, t.namespace], color: "#07704a" },
  { tag: t.className, color: "#116677" },
  { tag: [t.special(t.variableName), t.macroName], color: "#225566" },
  { tag: t.propertyName, color: "#0b4f8a" },
  { tag: t.definition(t.propertyName), color: "#0000cc" },
  { tag: t.comment, color: "#994400" },
  { tag: t.invalid, color: "#cc0000" },
]);

const FONT =
  'ui-monospace, "SFMono-Regular", "Cascadia Mono", "Roboto Mono", Menlo, Consolas, ' +
  '"Liberation Mono", "DejaVu Sans Mono", "Droid Sans Mono", monospace';

const theme = EditorView.theme({
  "&": {
    height: "100%",
    minHeight: "100%",
    fontSize: "16px", // >= 16px stops mobile browsers zooming in on focus
    backgroundColor: "#ffffff",
    color: "#1a1a1a",
  },
  ".cm-scroller": { fontFamily: FONT, lineHeight: "1.5", overflow: "auto" },
  ".cm-content": { padding: "4px 0" },
  ".cm-gutters": { backgroundColor: "#f5f5f5", color: "#595959", borderRight: "1px solid #ddd" },
  ".cm-activeLineGutter": { backgroundColor: "#e2e8ee", color: "#1a1a1a" },
  ".cm-line.cm-sandbox-flash, .cm-activeLine.cm-sandbox-flash": {
    backgroundColor: "#fff176",
    transition: "background-color 0.3s",
  },
  // Drawn inside the editor's box, so a parent with overflow: hidden cannot
  // clip it; 3px and dark blue, to be seen on a dim phone screen.
  "&.cm-editor.cm-focused": { outline: "3px solid #1a56c4", outlineOffset: "-3px" },
  "&.cm-focused .cm-gutters": { marginLeft: "3px" },
  // Friendly feedback (@codemirror/lint): a wavy line under the place, a mark in the gutter.
  // The gutter's width is lint's own, also for the empty gutter that holds its place until
  // the marks are loaded (feedback/index.js).
  ".cm-gutter-lint": { width: "1.4em" },
  ".cm-lintRange-error": { backgroundColor: "#fde7e7" },
  ".cm-lintRange-warning": { backgroundColor: "#fff4d6" },
  ".cm-tooltip-lint": { maxWidth: "min(28rem, 90vw)", fontFamily: "system-ui, sans-serif", fontSize: "15px" },
  ".cm-diagnostic": { whiteSpace: "pre-wrap" },
});

// ---------------------------------------------------------------- flash (goTo)

const setFlash = StateEffect.define(); // value: position of the line start, or null to clear
const flashMark = Decoration.line({ class: "cm-sandbox-flash" });

const flashField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setFlash)) deco = e.value == null ? Decoration.none : Decoration.set([flashMark.range(e.value)]);
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

const FLASH_MS = 2000;

// ---------------------------------------------------------------- languages

// HTML uses the Lezer HTML parser. JavaScript uses CodeMirror 5's stream mode
// (about 6 KB gzipped instead of about 35 KB for the Lezer JavaScript grammar,
// which also carries TypeScript and JSX), CSS a small stream parser of our
// own (src/css.js; @lezer/css would add about 8 KB). The JavaScript mode is a
// chunk of its own (src/jsmode.js), loaded once the editor is on the screen; until
// then JavaScript is plain text, in its files and inside HTML. Each file's
// language sits in a compartment, and every state is given the full languages when
// the mode arrives.
function makeLanguages(jsMode) {
  const js = jsMode ? StreamLanguage.define(nestableJS(jsMode)) : null;
  const html = htmlLanguage(cssLanguage.parser, cssDeclarations.parser, js && js.parser);
  return { html: [html, autoCloseTags(html)], css: cssLanguage, js: js || [] };
}
let languages = makeLanguages(null);
let jsLoading = null;
function loadJavaScript() {
  if (!jsLoading) {
    jsLoading = import("./jsmode.js").then(
      (module) => {
        languages = makeLanguages(module.javascript);
        return true;
      },
      () => {
        jsLoading = null; // offline: tried again by the next editor made on this page
        return false;
      },
    );
  }
  return jsLoading;
}

function languageFor(name) {
  const m = /\.([^./\\]+)$/.exec(String(name));
  const ext = m ? m[1].toLowerCase() : "";
  if (ext === "html" || ext === "htm") return languages.html;
  if (ext === "css") return languages.css;
  if (ext === "js" || ext === "mjs") return languages.js;
  return [];
}

// Transactions made by setFile() carry this so they don't call onChange.
const external = Annotation.define();

// Common prefix/suffix diff so that replacing a document keeps the cursor
// where it was when the text around it did not change.
function minimalChange(oldText, newText) {
  let start = 0;
  const min = Math.min(oldText.length, newText.length);
  while (start < min && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let endOld = oldText.length, endNew = newText.length;
  while (endOld > start && endNew > start && oldText.charCodeAt(endOld - 1) === newText.charCodeAt(endNew - 1)) {
    endOld--;
    endNew--;
  }
  return { from: start, to: endOld, insert: newText.slice(start, endNew) };
}

// ---------------------------------------------------------------- the editor

export function createEditor(parent, options = {}) {
  const onChange = typeof options.onChange === "function" ? options.onChange : null;
  const ariaLabel = typeof options.ariaLabel === "function" ? options.ariaLabel : (name) => "Code: " + name;
  let readOnly = !!options.readOnly;
  const readOnlyConf = new Compartment();
  const languageConf = new Compartment();

  // Read-only code is still reached by Tab and scrolled by the arrow keys (a scrolling region no
  // keyboard can reach fails the accessibility scan: the watch view, a mentor's view).
  const readOnlyExt = (flag) => [
    EditorState.readOnly.of(flag),
    EditorView.editable.of(!flag),
    flag ? EditorView.contentAttributes.of({ tabindex: "0" }) : [],
  ];
  // Co-editing (../docs/projects.md) brings each file's own extensions and its own undo history.
  const extensionsFor = typeof options.extensions === "function" ? options.extensions : () => [];
  const withHistory = options.history !== false;

  // Everything shared by all files.
  const common = [
    lineNumbers(),
    highlightActiveLineGutter(),
    // Shows invisible characters that break code when pasted from web pages
    // (zero-width spaces, BOMs, and also non-breaking spaces).
    highlightSpecialChars({ addSpecialChars: /\u00a0/ }),
    withHistory ? history() : [],
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    // Before closeBrackets(): characters the editor typed are typed over,
    // even after Enter moved them to a line of their own (typeover.js).
    typeOver(),
    closeBrackets(),
    highlightActiveLine(),
    syntaxHighlighting(highlightStyle),
    EditorState.tabSize.of(2),
    indentUnit.of("  "),
    EditorView.lineWrapping,
    keymap.of([
      ...closeBracketsKeymap,
      // The parts of defaultKeymap a beginner is likely to use; the rest
      // (syntax-aware cursor motion, multi-cursor, line copy, ...) is left
      // out for size.
      { key: "Alt-ArrowUp", run: moveLineUp },
      { key: "Alt-ArrowDown", run: moveLineDown },
      { key: "Escape", run: simplifySelection },
      { key: "Mod-[", run: indentLess },
      { key: "Mod-]", run: indentMore },
      { key: "Mod-/", run: toggleComment },
      { key: "Ctrl-m", mac: "Shift-Alt-m", run: toggleTabFocusMode },
      ...standardKeymap,
      ...historyKeymap,
      indentWithTab,
    ]),
    flashField,
    theme,
  ];
  const feedbackOptions = options.feedback || null;
  if (feedbackOptions) common.push(feedbackGutter());
  let feedback = null;

  function makeState(name, text) {
    return EditorState.create({
      doc: text == null ? "" : String(text),
      extensions: [
        common,
        languageConf.of(languageFor(name)),
        extensionsFor(name),
        readOnlyConf.of(readOnlyExt(readOnly)),
        EditorView.contentAttributes.of({ "aria-label": String(ariaLabel(name)) }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && feedback) feedback.changed();
          if (!onChange || !update.docChanged) return;
          if (update.transactions.every((tr) => tr.docChanged === false || tr.annotation(external))) return;
          onChange(name, update.state.doc.toString());
        }),
      ],
    });
  }

  // name -> { state, scroll: scroll snapshot effect }; the active file's live
  // state is view.state.
  let files = new Map();
  for (const [name, text] of Object.entries(options.files || {})) files.set(name, { state: makeState(name, text), scroll: null });
  let current = null;
  if (options.active != null && files.has(options.active)) current = options.active;
  else if (files.size) current = files.keys().next().value;

  // Shown when there are no files at all: empty and not editable.
  const emptyState = () =>
    EditorState.create({ extensions: [common, EditorState.readOnly.of(true), EditorView.editable.of(false)] });
  const view = new EditorView({ state: current != null ? files.get(current).state : emptyState(), parent });

  let flashTimer = null;
  let destroyed = false;

  // JavaScript's colours and indentation arrive a moment after the editor (src/jsmode.js).
  loadJavaScript().then(() => {
    if (destroyed) return;
    for (const [name, rec] of files) {
      if (languageConf.get(stateOf(name)) === languageFor(name)) continue;
      const effects = languageConf.reconfigure(languageFor(name));
      if (name === current) view.dispatch({ effects });
      else rec.state = rec.state.update({ effects }).state;
    }
  });

  if (feedbackOptions) {
    feedback = createFeedback(feedbackOptions, {
      names: () => [...files.keys()],
      stateOf,
      setStateOf(name, spec) {
        if (name === current) {
          view.dispatch(spec);
          return view.state;
        }
        const rec = files.get(name);
        rec.state = rec.state.update(spec).state;
        return rec.state;
      },
    });
    feedback.changed();
  }

  function stateOf(name) {
    if (name === current) return view.state;
    const rec = files.get(name);
    return rec ? rec.state : null;
  }

  function saveCurrent() {
    if (current == null || !files.has(current)) return;
    const rec = files.get(current);
    rec.state = view.state;
    rec.scroll = view.scrollSnapshot();
  }

  function show(name) {
    const rec = files.get(name);
    current = name;
    view.setState(rec.state);
    // Restores the scroll position (relative to the top visible line).
    if (rec.scroll) view.dispatch({ effects: rec.scroll });
  }

  function requireFile(name) {
    if (!files.has(name)) throw new Error("createEditor: unknown file " + JSON.stringify(name));
  }

  function clearFlash() {
    if (!flashTimer) return;
    clearTimeout(flashTimer.id);
    const { name } = flashTimer;
    flashTimer = null;
    if (name === current) view.dispatch({ effects: setFlash.of(null) });
    else if (files.has(name)) {
      const rec = files.get(name);
      rec.state = rec.state.update({ effects: setFlash.of(null) }).state;
    }
  }

  const api = {
    view,

    open(name) {
      requireFile(name);
      if (name === current) return;
      saveCurrent();
      show(name);
    },

    active() {
      return current;
    },

    getFile(name) {
      const st = stateOf(name);
      return st ? st.doc.toString() : undefined;
    },

    getFiles() {
      const out = {};
      for (const name of files.keys()) out[name] = stateOf(name).doc.toString();
      return out;
    },

    // Replaces the text as one undoable change (Ctrl-Z brings the old text
    // back). Unknown names are added as a new file at the end.
    setFile(name, text) {
      text = text == null ? "" : String(text);
      if (!files.has(name)) {
        files.set(name, { state: makeState(name, text), scroll: null });
        if (current == null) show(name);
        return;
      }
      const st = stateOf(name);
      const old = st.doc.toString();
      if (old === text) return;
      const spec = { changes: minimalChange(old, text), annotations: external.of(true) };
      if (name === current) view.dispatch(spec);
      else files.get(name).state = st.update(spec).state;
    },

    // Changes made elsewhere (another member's typing) to a file that is not shown: its state
    // follows, keeping its selection (mapped) and scroll. Calls neither onChange nor the
    // extensions' view plugins (they are not running for a file that is not shown).
    applyChanges(name, changes) {
      requireFile(name);
      const spec = { changes, annotations: external.of(true) };
      if (name === current) view.dispatch(spec);
      else files.get(name).state = stateOf(name).update(spec).state;
      if (feedback) feedback.changed();
    },

    // Files whose text is unchanged keep their state (history, selection,
    // scroll); changed or new files get a fresh state.
    setFiles(newFiles) {
      saveCurrent();
      if (flashTimer && !(flashTimer.name in (newFiles || {}))) {
        clearTimeout(flashTimer.id);
        flashTimer = null;
      }
      const next = new Map();
      for (const [name, raw] of Object.entries(newFiles || {})) {
        const text = raw == null ? "" : String(raw);
        const rec = files.get(name);
        if (rec && rec.state.doc.toString() === text) next.set(name, rec);
        else next.set(name, { state: makeState(name, text), scroll: null });
      }
      const prev = current;
      const prevState = view.state;
      files = next;
      if (prev != null && files.has(prev)) {
        if (files.get(prev).state !== prevState) show(prev);
      } else if (files.size) {
        show(files.keys().next().value);
      } else {
        current = null;
        view.setState(emptyState());
      }
      if (feedback) feedback.refresh();
    },

    // Like typing `text` at the cursor (so "(" also inserts ")" and ">"
    // can close an HTML tag), then focus the editor.
    insert(text) {
      text = String(text);
      if (!text || current == null || view.state.readOnly) {
        view.focus();
        return;
      }
      const { from, to } = view.state.selection.main;
      let tr = null;
      const defaultTr = () =>
        tr || (tr = view.state.update(view.state.replaceSelection(text), { scrollIntoView: true, userEvent: "input.type" }));
      // Input handlers (closeBrackets, autoCloseTags) see it as typed text.
      if (!view.state.facet(EditorView.inputHandler).some((h) => h(view, from, to, text, defaultTr))) {
        view.dispatch(defaultTr());
      }
      view.focus();
    },

    goTo(name, line) {
      requireFile(name);
      clearFlash(); // also removes an earlier flash in another file
      api.open(name);
      const doc = view.state.doc;
      let n = Math.floor(Number(line));
      if (!Number.isFinite(n) || n < 1) n = 1;
      if (n > doc.lines) n = doc.lines;
      const pos = doc.line(n).from;
      view.dispatch({
        selection: EditorSelection.cursor(pos),
        effects: [EditorView.scrollIntoView(pos, { y: "center" }), setFlash.of(pos)],
      });
      const timer = { name, id: 0 };
      timer.id = setTimeout(() => {
        if (flashTimer === timer) clearFlash();
      }, FLASH_MS);
      flashTimer = timer;
    },

    focus() {
      view.focus();
    },

    // Friendly feedback: the problems found by the last check, and a check at once.
    problems() {
      return feedback ? feedback.problems() : [];
    },
    checkNow() {
      return feedback ? feedback.run() : Promise.resolve([]);
    },

    setReadOnly(flag) {
      flag = !!flag;
      if (flag === readOnly) return;
      readOnly = flag;
      const effects = readOnlyConf.reconfigure(readOnlyExt(flag));
      for (const [name, rec] of files) {
        if (name !== current) rec.state = rec.state.update({ effects }).state;
      }
      if (current != null) view.dispatch({ effects });
    },

    destroy() {
      destroyed = true;
      if (feedback) feedback.destroy();
      if (flashTimer) clearTimeout(flashTimer.id);
      flashTimer = null;
      view.destroy();
    },
  };

  return api;
}
