// The checks' Web Worker, built into ../static/vendor/checker.js. It receives
// { id, kind: "html" | "css" | "js", text, files } and answers { id, problems }
// (see src/feedback/words.js for a problem). Nothing here runs the learner's code.
import { checkHtml } from "./feedback/html.js";
import { checkCss } from "./feedback/css.js";
import { checkJs } from "./feedback/js.js";

const CHECKS = {
  html: (text, files) => checkHtml(text, { files }),
  css: (text) => checkCss(text),
  js: (text) => checkJs(text),
};

self.onmessage = (event) => {
  const { id, kind, text, files } = event.data || {};
  let problems = [];
  try {
    if (CHECKS[kind]) problems = CHECKS[kind](String(text), Array.isArray(files) ? files : []);
  } catch (error) {
    problems = []; // a checker bug must never show as the learner's mistake
  }
  self.postMessage({ id, problems });
};
