// Friendly checks of an HTML file, on the Lezer HTML tree (the parser the editor
// already has): tags never closed or closed by the wrong close tag, an attribute
// value without its closing quote, and <script src>/<link href> naming a file
// the exercise does not have. Returns problems (see words.js).

import { parser } from "@lezer/html";
import { closest, lineAt, problem } from "./words.js";

const VOID = new Set("area base br col embed hr img input link meta source track wbr".split(" "));
// Elements whose close tag HTML allows to leave out: closed quietly by their parent's
// close tag or by the next one of their kind. <p> is not among them on purpose: a
// beginner who leaves </p> out almost always forgot it.
const OPTIONAL_END = new Set("li option optgroup dt dd tr td th thead tbody tfoot colgroup rt rp".split(" "));

function textOf(text, node) {
  return node ? text.slice(node.from, node.to) : "";
}

function attributes(text, tagNode) {
  const out = [];
  for (let child = tagNode.firstChild; child; child = child.nextSibling) {
    if (child.name !== "Attribute") continue;
    const name = child.getChild("AttributeName");
    const value = child.getChild("AttributeValue") || child.getChild("UnquotedAttributeValue");
    out.push({ node: child, name: textOf(text, name).toLowerCase(), value, raw: textOf(text, value) });
  }
  return out;
}

// A value that starts with a quote but does not end with it, or runs over a line end
// into what looks like more tags.
function unclosedQuote(raw) {
  const quote = raw[0];
  if (quote !== '"' && quote !== "'") return false;
  if (raw.length < 2 || raw[raw.length - 1] !== quote) return true;
  return raw.includes("\n") && /[<>]/.test(raw);
}

// The file a src/href names, if it is a file of this exercise's kind (not a web address).
function localFile(raw) {
  const value = raw.replace(/^["']|["']$/g, "").trim();
  if (!value || /^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(value)) return null;
  return value.replace(/^\.\//, "").split(/[?#]/)[0];
}

export function checkHtml(text, { files = [] } = {}) {
  const problems = [];
  const stack = []; // { name, from, to }
  let lastClosed = "";
  const tree = parser.parse(text);

  const unclosed = (open, before) =>
    problems.push(
      before
        ? problem(text, open.from, open.to, "error", "syntax_html_unclosed_before", { tag: open.name, close: before.name, closeLine: lineAt(text, before.from) })
        : problem(text, open.from, open.to, "error", "syntax_html_unclosed", { tag: open.name }),
    );

  function openTag(node, selfClosing) {
    const name = textOf(text, node.getChild("TagName")).toLowerCase();
    for (const attr of attributes(text, node)) {
      if (attr.value && unclosedQuote(attr.raw)) {
        problems.push(problem(text, attr.node.from, attr.node.from + attr.name.length + 2, "error", "syntax_html_quote", { attr: attr.name, quote: attr.raw[0] }));
        return false; // the rest of the file is read as inside the value: one message is enough
      }
      const wants = (name === "script" && attr.name === "src") || (name === "link" && attr.name === "href");
      const file = wants && attr.value ? localFile(attr.raw) : null;
      if (file && files.length && !files.includes(file)) {
        const kind = name === "script" ? /\.m?js$/i : /\.css$/i;
        const guess = closest(file, files.filter((f) => kind.test(f))) || files.find((f) => kind.test(f));
        problems.push(
          problem(text, attr.value.from, attr.value.to, "error", guess ? "syntax_html_no_file_guess" : "syntax_html_no_file", { file, guess: guess || "" }),
        );
      }
    }
    if (!name || selfClosing || VOID.has(name)) return true;
    if (OPTIONAL_END.has(name) && stack.length && stack[stack.length - 1].name === name) stack.pop();
    stack.push({ name, from: node.from, to: node.to });
    return true;
  }

  function closeTag(node) {
    const name = textOf(text, node.getChild("TagName")).toLowerCase();
    const close = { name, from: node.from, to: node.to };
    if (!name || VOID.has(name)) return;
    const depth = stack.map((open) => open.name).lastIndexOf(name);
    if (depth === -1) {
      const top = stack[stack.length - 1];
      // A close tag written twice (</p></p>), or one that no element inside <body> can
      // mean: it closes nothing. Otherwise it was meant for the element that is open.
      const stray = !top || name === lastClosed || /^(html|head|body)$/.test(top.name);
      lastClosed = name;
      if (stray) {
        problems.push(problem(text, node.from, node.to, "error", "syntax_html_stray_close", { tag: name }));
      } else {
        // </dvi> for <div>, or </div> where <section> is open.
        problems.push(
          problem(text, node.from, node.to, "error", "syntax_html_mismatch", { tag: name, open: top.name, openLine: lineAt(text, top.from) }),
        );
        stack.pop();
      }
      return;
    }
    lastClosed = name;
    while (stack.length > depth + 1) {
      const open = stack.pop();
      if (!OPTIONAL_END.has(open.name)) unclosed(open, close);
    }
    stack.pop();
  }

  let going = true;
  tree.iterate({
    enter(node) {
      if (!going) return false;
      if (node.name === "OpenTag") {
        going = openTag(node.node, false);
        return false;
      }
      if (node.name === "SelfClosingTag") {
        going = openTag(node.node, true);
        return false;
      }
      if (node.name === "CloseTag" || node.name === "MismatchedCloseTag") {
        closeTag(node.node);
        return false;
      }
      return true;
    },
  });
  if (going) {
    for (const open of stack) if (!OPTIONAL_END.has(open.name)) unclosed(open, null);
  }
  return problems;
}
