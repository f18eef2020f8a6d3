// Friendly feedback while typing: runs the checks of every file shortly after
// typing stops, puts the problems of each file into its EditorState as
// @codemirror/lint diagnostics (marks in the gutter and under the text), and
// hands the whole list to the page. The checks themselves (src/feedback/html.js,
// css.js, js.js) run in a Web Worker (src/checker.js), so they never slow typing,
// and their code (mostly the Lezer JavaScript grammar) stays out of the first load:
// the worker is created the first time a file differs from the text it started
// with on the page (the starter files are proven clean by the tests). The marks
// (@codemirror/lint, ../marks.js) are loaded at that moment too, beside the worker.

import { Compartment } from "@codemirror/state";
import { gutter } from "@codemirror/view";

const DELAY_MS = 500;
const WORKER_TIMEOUT_MS = 5000;

// The lint gutter's place in every file's state: an empty gutter of the same width (the
// class gives it lint's width, see the editor's theme) until the marks are loaded.
const gutterSlot = new Compartment();
const emptyGutter = gutter({ class: "cm-gutter-lint" });
export function feedbackGutter() {
  return gutterSlot.of(emptyGutter);
}

// The marks module (src/marks.js), loaded once for the page; null until then, or if it
// could not be loaded (offline): the console list still shows the problems then.
let marksModule = null;
let marksLoading = null;
function loadMarks() {
  if (!marksLoading) {
    marksLoading = import("../marks.js").then(
      (module) => (marksModule = module),
      () => {
        marksLoading = null; // try again at the next check
        return null;
      },
    );
  }
  return marksLoading;
}

function kindOf(name) {
  const m = /\.([^./\\]+)$/.exec(String(name));
  const ext = m ? m[1].toLowerCase() : "";
  return ext === "html" || ext === "htm" ? "html" : ext === "css" ? "css" : ext === "js" || ext === "mjs" ? "js" : null;
}

// editor: { names() -> [name], stateOf(name), setStateOf(name, spec) }
export function createFeedback(options, editor) {
  const describe = typeof options.describe === "function" ? options.describe : (p) => p.key;
  const onProblems = typeof options.onProblems === "function" ? options.onProblems : null;
  // name -> a text known to have no problems: what the file held when the page opened, if that
  // is the starter's (proven clean by tests/browser/test_syntax_feedback.py).
  const known = options.known || {};
  const delay = Number.isFinite(options.delay) ? options.delay : DELAY_MS;
  const checked = new Map(); // name -> { text, problems }
  let timer = null;
  let worker = null;
  let broken = false;
  let seq = 0;
  const waiting = new Map(); // id -> resolve
  let list = [];

  function askWorker(kind, text, names) {
    if (broken || !options.workerUrl) return [];
    if (!worker) {
      loadMarks();
      try {
        worker = new Worker(options.workerUrl);
      } catch (error) {
        broken = true;
        return [];
      }
      worker.onmessage = (event) => {
        const { id, problems } = event.data || {};
        const resolve = waiting.get(id);
        waiting.delete(id);
        if (resolve) resolve(Array.isArray(problems) ? problems : []);
      };
      worker.onerror = () => {
        broken = true; // no JavaScript checks on this page, and no false marks either
        for (const resolve of waiting.values()) resolve([]);
        waiting.clear();
      };
    }
    return new Promise((resolve) => {
      const id = ++seq;
      waiting.set(id, resolve);
      worker.postMessage({ id, kind, text, files: names });
      setTimeout(() => {
        if (waiting.delete(id)) resolve([]);
      }, WORKER_TIMEOUT_MS);
    });
  }

  function check(name, text, names) {
    const kind = kindOf(name);
    if (!kind || known[name] === text) return [];
    return askWorker(kind, text, names);
  }

  function marks(name) {
    let state = editor.stateOf(name);
    const found = checked.get(name);
    if (!state || !found || found.text !== state.doc.toString()) return;
    if (found.shown === state) return;
    if (!marksModule) return; // nothing was ever marked: nothing to show or take away yet
    const { setDiagnostics, gutter: lintGutter } = marksModule;
    if (gutterSlot.get(state) !== lintGutter) state = editor.setStateOf(name, { effects: gutterSlot.reconfigure(lintGutter) });
    const diagnostics = found.problems.map((p) => ({ from: p.from, to: p.to, severity: p.severity, message: p.message }));
    found.shown = editor.setStateOf(name, setDiagnostics(state, diagnostics));
  }

  async function run() {
    clearTimeout(timer);
    timer = null;
    const names = editor.names();
    await Promise.all(
      names.map(async (name) => {
        const text = editor.stateOf(name).doc.toString();
        const before = checked.get(name);
        if (before && before.text === text) return;
        const problems = (await check(name, text, names)).map((p) => {
          const item = { ...p, file: name, values: { ...p.values, line: p.line } };
          item.message = String(describe(item));
          return item;
        });
        const state = editor.stateOf(name);
        if (state && state.doc.toString() === text) checked.set(name, { text, problems, shown: null });
      }),
    );
    for (const name of [...checked.keys()]) if (!names.includes(name)) checked.delete(name);
    if (!marksModule && names.some((name) => checked.get(name) && checked.get(name).problems.length)) {
      await loadMarks();
    }
    for (const name of names) marks(name);
    list = names.flatMap((name) => (checked.get(name) ? checked.get(name).problems : []));
    if (onProblems) onProblems(list.slice());
    return list.slice();
  }

  return {
    // After any change of a document (typed or set).
    changed() {
      clearTimeout(timer);
      timer = setTimeout(run, delay);
    },
    // After states were replaced (setFiles): put the marks back where the text is the same.
    refresh() {
      for (const name of editor.names()) marks(name);
      this.changed();
    },
    run,
    problems: () => list.slice(),
    destroy() {
      clearTimeout(timer);
      if (worker) worker.terminate();
    },
  };
}
