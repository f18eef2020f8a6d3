// Friendly checks of a JavaScript file, run in a Web Worker (src/checker.js) so
// that the Lezer JavaScript grammar (about 30 KB) is fetched only once a script
// needs checking and never slows typing. Nothing here runs the learner's code.
//
// First our own reading of quotes and brackets, which can say exactly what is
// missing ("the ( on line 3 is never closed: add )"); then, if those are fine,
// the Lezer parser's first error; then warnings on a tree without errors
// (`=` in an if/while condition).

import { parser } from "@lezer/javascript";
import { lineAt, problem } from "./words.js";

const CLOSE = { "(": ")", "[": "]", "{": "}" };
const OPEN = { ")": "(", "]": "[", "}": "{" };
// After these words a / starts a regular expression, not a division.
const BEFORE_REGEXP = /(^|[^\w$])(return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/;

// Quotes, template literals, comments and brackets. Returns one problem or null.
function brackets(text) {
  const stack = []; // { char, pos, template: true for the ${ of a template }
  const n = text.length;
  let last = ""; // the last significant character, to tell a regular expression from a division
  let i = 0;
  const template = (start) => {
    // Reads a template literal from after its backtick; returns the position after it,
    // or -1 when it stops at a ${ (its } comes back here through the stack).
    for (let j = start; j < n; j++) {
      if (text[j] === "\\") j++;
      else if (text[j] === "`") return j + 1;
      else if (text[j] === "$" && text[j + 1] === "{") {
        stack.push({ char: "{", pos: j, template: true });
        i = j + 2;
        return -1;
      }
    }
    return n + 1;
  };
  while (i < n) {
    const c = text[i];
    if (c === "/" && text[i + 1] === "/") {
      const end = text.indexOf("\n", i);
      i = end === -1 ? n : end;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end === -1) return problem(text, i, i + 2, "error", "syntax_comment");
      i = end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      if (j >= n || text[j] !== c) return problem(text, i, Math.min(j, n), "error", "syntax_js_quote", { quote: c });
      i = j + 1;
      last = "a";
      continue;
    }
    if (c === "`") {
      const end = template(i + 1);
      if (end > n) return problem(text, i, i + 1, "error", "syntax_js_quote", { quote: "`" });
      if (end !== -1) i = end;
      last = "a";
      continue;
    }
    if (c === "/") {
      const before = text.slice(Math.max(0, i - 12), i).trimEnd();
      if (!last || /[(,=:[!&|?{};+\-*%<>~^]$/.test(last) || BEFORE_REGEXP.test(before)) {
        // A regular expression: up to the next / outside [...], on this line.
        let j = i + 1;
        let inClass = false;
        while (j < n && text[j] !== "\n" && (inClass || text[j] !== "/")) {
          if (text[j] === "\\") j++;
          else if (text[j] === "[") inClass = true;
          else if (text[j] === "]") inClass = false;
          j++;
        }
        if (j < n && text[j] === "/") {
          i = j + 1;
          last = "a";
          continue;
        }
      }
    }
    if (CLOSE[c]) stack.push({ char: c, pos: i });
    else if (OPEN[c]) {
      const top = stack[stack.length - 1];
      if (!top) return problem(text, i, i + 1, "error", "syntax_js_stray", { char: c });
      if (top.char !== OPEN[c]) {
        const deeper = stack.some((open) => open.char === OPEN[c]);
        return deeper
          ? problem(text, top.pos, top.pos + 1, "error", "syntax_js_unclosed_before", { char: top.char, close: CLOSE[top.char], found: c, foundLine: lineAt(text, i) })
          : problem(text, i, i + 1, "error", "syntax_js_stray", { char: c });
      }
      stack.pop();
      if (top.template) {
        const end = template(i + 1);
        if (end > n) return problem(text, i, i + 1, "error", "syntax_js_quote", { quote: "`" });
        if (end !== -1) i = end;
        last = "a";
        continue;
      }
    }
    if (!/\s/.test(c)) last = c;
    i++;
  }
  const open = stack[stack.length - 1];
  if (open) return problem(text, open.pos, open.pos + 1, "error", "syntax_js_unclosed", { char: open.char, close: CLOSE[open.char] });
  return null;
}

// `=` directly inside the ( ) of an if, while or do-while: meant as a comparison.
function assignments(text, tree) {
  const found = [];
  tree.iterate({
    enter(node) {
      if (node.name !== "IfStatement" && node.name !== "WhileStatement" && node.name !== "DoStatement") return;
      const condition = node.node.getChild("ParenthesizedExpression");
      const inner = condition && condition.getChild("AssignmentExpression");
      const op = inner && inner.getChild("Equals");
      if (op) {
        const target = inner.firstChild ? text.slice(inner.firstChild.from, inner.firstChild.to) : "";
        found.push(problem(text, op.from, op.to, "warning", "syntax_js_assign", { name: target.slice(0, 30) }));
      }
    },
  });
  return found;
}

export function checkJs(text) {
  const bad = brackets(text);
  if (bad) return [bad];
  const tree = parser.parse(text);
  let error = null;
  tree.iterate({
    enter(node) {
      if (error) return false;
      if (node.type.isError) error = node.from;
    },
  });
  if (error != null) {
    // The word where reading stopped, to quote it.
    const rest = text.slice(error).match(/^\s*([\w$]{1,20}|\S)/);
    const near = rest ? rest[1] : "";
    const at = error + (rest ? rest[0].length - near.length : 0);
    return [problem(text, at, at + Math.max(1, near.length), "error", near ? "syntax_js_error_near" : "syntax_js_error", { near })];
  }
  return assignments(text, tree);
}
