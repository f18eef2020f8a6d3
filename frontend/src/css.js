// A small CSS stream parser (CodeMirror 5-style tokenizer run by
// StreamLanguage). It replaces @lezer/css, which costs about 8 KB gzipped;
// this one is well under 1.5 KB. It highlights comments, strings, selectors
// (tags, .classes, #ids, :pseudo), at-rules, property names, numbers with
// units, #colors, functions, !important, and indents by brace depth.

import { StreamLanguage } from "@codemirror/language";
import { rootIndent } from "./indent.js";

const ident = /^-?(?:[a-zA-Z_\u00a0-\uffff]|\\.)(?:[\w\u00a0-\uffff-]|\\.)*/;
const number = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?(?:%|[a-zA-Z]+)?/;
// At-rules whose block holds rules (selectors), not declarations.
const ruleBlocks = /^@(?:-\w+-)?(?:media|supports|layer|container|document|keyframes|scope|starting-style)/i;

// Context kinds on the stack: "r" = rules (top level, @media...), "d" = declarations.
function startState(kind) {
  return () => ({
    stack: [kind], // one entry per open brace, plus the outermost context
    ind: [], // indentation of the line where each open brace is
    li: 0, // indentation of the current line
    value: false, // after "prop:" until ";" or "}"
    at: null, // inside an at-rule prelude: its name
    attr: false, // inside [...] of a selector
    paren: 0,
    comment: false,
  });
}

function copyState(s) {
  return {
    stack: s.stack.slice(), ind: s.ind.slice(), li: s.li,
    value: s.value, at: s.at, attr: s.attr, paren: s.paren, comment: s.comment,
  };
}

function readComment(stream, state) {
  if (stream.skipTo("*/")) {
    stream.pos += 2;
    state.comment = false;
  } else {
    stream.skipToEnd();
    state.comment = true;
  }
  return "comment";
}

function token(stream, state) {
  if (stream.sol()) state.li = stream.indentation();
  if (state.comment) return readComment(stream, state);
  // A forgotten ";" at the end of the previous line: a line that starts with
  // "name:" still begins a new declaration.
  if (stream.sol() && state.value && state.stack[state.stack.length - 1] == "d" &&
      stream.match(/^\s*-?-?[\w-]+\s*:/, false))
    state.value = false;
  if (stream.eatSpace()) return null;
  if (stream.match("/*")) return readComment(stream, state);

  const ch = stream.peek();
  if (ch == '"' || ch == "'") {
    stream.next();
    let escaped = false, c;
    while ((c = stream.next()) != null) {
      if (c == ch && !escaped) break;
      escaped = !escaped && c == "\\";
    }
    return "string";
  }

  const top = state.stack[state.stack.length - 1];
  if (ch == "{") {
    stream.next();
    state.stack.push(state.at && ruleBlocks.test(state.at) ? "r" : "d");
    state.ind.push(state.li);
    state.at = null;
    state.value = false;
    state.paren = 0;
    return "brace";
  }
  if (ch == "}") {
    stream.next();
    if (state.stack.length > 1) {
      state.stack.pop();
      state.ind.pop();
    }
    state.value = false;
    state.at = null;
    state.paren = 0;
    return "brace";
  }
  if (ch == ";") {
    stream.next();
    state.value = false;
    state.at = null;
    state.paren = 0;
    return "separator";
  }

  // Values: after "name:" in a declaration block, or inside an at-rule prelude.
  if (state.value || state.at) {
    if (stream.match(/^#[0-9a-fA-F]{3,8}\b/)) return "color";
    if (stream.match(number)) return "number";
    if (stream.match(/^!\s*important\b/i)) return "modifier";
    if (stream.match(/^--[\w-]*/)) return "variableName";
    if (stream.match(/^url\(/i, false)) {
      stream.match(/^url\(/i);
      if (!stream.match(/^\s*["']/, false)) {
        stream.match(/^[^)]*/);
        return "string";
      }
      state.paren++;
      return "keyword";
    }
    if (stream.match(ident)) {
      if (stream.peek() == "(") return "keyword"; // rgb(, calc(, var(...
      if (state.at && stream.match(/^\s*:/, false)) return "propertyName"; // (max-width: ...)
      return state.at ? "keyword" : "atom";
    }
    if (ch == "@" && stream.match(/^@[\w-]+/)) return "definitionKeyword";
    stream.next();
    if (ch == "(") state.paren++;
    if (ch == ")" && state.paren) state.paren--;
    if (ch == "(" || ch == ")") return "paren";
    if (ch == ",") return "separator";
    if (ch == ":") return "punctuation";
    return /[-+*/=<>]/.test(ch) ? "operator" : null;
  }

  // Start of a declaration ("color:") inside a declaration block, unless the
  // rest of the line opens a nested block ("a:hover {").
  if (top == "d" && !state.attr && stream.match(/^--[\w-]*(?=\s*:)|^-?[\w-]+(?=\s*:)/, false) &&
      !stream.match(/^[^;{}]*\{/, false)) {
    const custom = stream.match(/^--/, false);
    stream.match(/^-?-?[\w-]*/);
    state.value = true;
    return custom ? "variableName" : "propertyName";
  }

  // Selectors and at-rules.
  if (ch == "@" && stream.match(/^@[\w-]+/)) {
    state.at = stream.current();
    return "definitionKeyword";
  }
  if (state.attr) {
    if (ch == "]") {
      stream.next();
      state.attr = false;
      return "squareBracket";
    }
    if (stream.match(ident)) return "attributeName";
    stream.next();
    return "operator";
  }
  if (ch == "[") {
    stream.next();
    state.attr = true;
    return "squareBracket";
  }
  if (ch == "." && stream.match(/^\.-?[\w-]+/)) return "className";
  if (ch == "#" && stream.match(/^#[\w-]+/)) return "labelName";
  if (ch == ":" && stream.match(/^::?[\w-]+/)) return "className.constant";
  if (stream.match(number)) return "number"; // keyframe selectors: 50%
  if (stream.match(ident)) return "tagName";
  stream.next();
  if (ch == "(" || ch == ")") return "paren";
  if (ch == ",") return "separator";
  if (ch == "*" || ch == "&") return "definitionOperator";
  if (ch == ">" || ch == "+" || ch == "~") return "logicOperator";
  return null;
}

// Lines inside a brace are indented one unit more than the line with the
// brace; a line starting with "}" lines up with it.
function indent(state, textAfter, cx) {
  const n = state.ind.length;
  if (!n) return rootIndent(cx);
  return state.ind[n - 1] + (/^\s*\}/.test(textAfter) ? 0 : cx.unit);
}

const languageData = {
  commentTokens: { block: { open: "/*", close: "*/" } },
  indentOnInput: /^\s*\}$/,
  wordChars: "-",
};

// Style sheets (.css files, <style> elements).
export const cssLanguage = StreamLanguage.define({
  name: "css",
  startState: startState("r"),
  copyState,
  token,
  indent,
  languageData,
});

// A list of declarations, for style="..." attributes.
export const cssDeclarations = StreamLanguage.define({
  name: "css",
  startState: startState("d"),
  copyState,
  token,
  indent,
  languageData,
});
