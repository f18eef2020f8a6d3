// Friendly checks of an HTML file, on the Lezer HTML tree (the parser the editor
// already has): tags never closed or closed by the wrong close tag, an attribute
// value without its closing quote, and <script src>/<link href> naming a file
// the exercise does not have. The code inside it, a <script>, a <style> or a
// style="..." attribute, gets the checks of app.js and style.css, with the places
// and lines of the HTML file. Returns problems (see words.js).

import { parser } from "@lezer/html";
import { checkCss } from "./css.js";
import { checkJs } from "./js.js";
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

// <script> holds JavaScript unless its type says otherwise (JSON, a template...); <style>
// holds CSS unless its type or lang says otherwise (as the editor's highlighting reads them).
const JS_TYPE = /^\s*$|^\s*module\s*$|^\s*(text|application)\/(x-)?(javascript|ecmascript)\s*$/i;
const CSS_TYPE = /^\s*(text\/)?css\s*$/i;

// The problems `check` finds in text[from, to), moved to their place in the whole file: the
// positions, the line and every line a message names (closeLine, nextLine ...).
function inside(text, from, to, check) {
  const linesBefore = lineAt(text, from) - 1;
  return check(text.slice(from, to)).map((p) => {
    const values = { ...p.values };
    for (const key of Object.keys(values)) if (/Line$/.test(key) && typeof values[key] === "number") values[key] += linesBefore;
    return { ...p, from: p.from + from, to: p.to + from, line: p.line + linesBefore, values };
  });
}

// The checks of a <script> or <style> element's text, or [] when it holds another language,
// loads a file (src), or is never closed (then its text runs to the end of the file, and the
// never-closed message is the one to read).
function codeInside(text, element, bodyNode) {
  const open = element.getChild("OpenTag");
  const close = element.getChild("CloseTag");
  if (!open || !close || bodyNode.from >= bodyNode.to) return [];
  const attrs = Object.fromEntries(attributes(text, open).map((a) => [a.name, a.raw.replace(/^["']|["']$/g, "")]));
  const closeLine = lineAt(text, close.from);
  if (bodyNode.name === "ScriptText") {
    if ("src" in attrs || ("type" in attrs && !JS_TYPE.test(attrs.type))) return [];
    return inside(text, bodyNode.from, bodyNode.to, checkJs).map((p) =>
      // "add }" is said with where: before the </script>.
      p.key === "syntax_js_unclosed" ? { ...p, key: "syntax_js_unclosed_script", values: { ...p.values, closeLine } } : p,
    );
  }
  if (("type" in attrs && !CSS_TYPE.test(attrs.type)) || ("lang" in attrs && !/^\s*css\s*$/i.test(attrs.lang))) return [];
  return inside(text, bodyNode.from, bodyNode.to, checkCss).map((p) =>
    p.key === "syntax_css_unclosed" ? { ...p, key: "syntax_css_unclosed_style", values: { ...p.values, closeLine } } : p,
  );
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
      if (attr.name === "style" && attr.value && attr.value.name === "AttributeValue" && attr.raw.length > 2) {
        problems.push(...inside(text, attr.value.from + 1, attr.value.to - 1, (css) => checkCss(css, { declarations: true })));
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
      if (node.name === "ScriptText" || node.name === "StyleText") {
        problems.push(...codeInside(text, node.node.parent, node.node));
        return false;
      }
      return true;
    },
  });
  if (going) {
    const last = stack[stack.length - 1];
    // A <script> or <style> never closed took the rest of the file as its text, the close
    // tags of its parents too: it is the one to close.
    if (last && (last.name === "script" || last.name === "style")) unclosed(last, null);
    else for (const open of stack) if (!OPTIONAL_END.has(open.name)) unclosed(open, null);
  }
  return problems;
}
