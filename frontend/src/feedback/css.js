// Friendly checks of a CSS file: a rule whose } is missing (or a } too many), a
// declaration whose ; is missing, a property or value CSS does not know (with
// "did you mean ..."), a number that needs a unit. A small reader of our own: it
// skips comments and strings and follows braces, which is all these checks need.
//
// checkCss(text) reads a style sheet (style.css, or a <style> in HTML); checkCss(text,
// { declarations: true }) reads the declarations of a style="..." attribute, where the
// missing ; is also found between two declarations on one line.

import { closest, lineAt, problem } from "./words.js";
import { COLORS, COLOR_PROPERTIES, GLOBAL_VALUES, KEYWORDS, LENGTH_PROPERTIES, PROPERTIES } from "./cssnames.js";

// At-rules whose block holds rules, not declarations.
const RULE_BLOCKS = /^@(media|supports|container|layer|document|scope|starting-style|-?[a-z-]*keyframes)\b/i;

export function checkCss(text, { declarations: attribute = false } = {}) {
  const problems = [];
  const n = text.length;
  let pos = 0;

  // Moves past a comment or a string starting at `i`; returns the new position, or i.
  function skipAtom(i) {
    if (text[i] === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end === -1) {
        problems.push(problem(text, i, i + 2, "error", "syntax_comment"));
        return n;
      }
      return end + 2;
    }
    // url(...) may hold ; and : (url(data:image/png;base64,...)).
    if ((text[i] === "u" || text[i] === "U") && /^url\(/i.test(text.slice(i, i + 4)) && !/[\w-]/.test(text[i - 1] || "")) {
      const end = text.indexOf(")", i + 4);
      return end === -1 ? i : end + 1;
    }
    if (text[i] === '"' || text[i] === "'") {
      let j = i + 1;
      while (j < n && text[j] !== text[i] && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      return j < n && text[j] === text[i] ? j + 1 : j;
    }
    return i;
  }

  // Reads up to one of the characters in `stops` at this level; returns [text, stop char or ""].
  function readUntil(stops) {
    const start = pos;
    while (pos < n) {
      const next = skipAtom(pos);
      if (next !== pos) {
        pos = next;
        continue;
      }
      if (stops.includes(text[pos])) return [start, text[pos]];
      pos++;
    }
    return [start, ""];
  }

  function checkValue(name, value, from) {
    let v = value.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/!\s*important\s*$/i, "").trim();
    const lower = v.toLowerCase();
    if (!v || GLOBAL_VALUES.has(lower) || /var\(|env\(|attr\(/i.test(v)) return;
    const at = from + value.indexOf(v.split(/\s/)[0]);
    const keywords = KEYWORDS[name];
    if (keywords && /^[a-z-]+$/i.test(v) && !keywords.includes(lower)) {
      const guess = closest(lower, keywords);
      problems.push(problem(text, at, at + v.length, "error", guess ? "syntax_css_value_guess" : "syntax_css_value", { property: name, value: v, guess: guess || "" }));
      return;
    }
    if (COLOR_PROPERTIES.has(name) && /^[a-z]+$/i.test(v) && !COLORS.has(lower)) {
      const guess = closest(lower, COLORS);
      problems.push(problem(text, at, at + v.length, "error", guess ? "syntax_css_value_guess" : "syntax_css_color", { property: name, value: v, guess: guess || "" }));
      return;
    }
    if (LENGTH_PROPERTIES.has(name)) {
      const bare = /(^|\s)(-?\d*\.?\d+)(?=\s|$)/.exec(v);
      if (bare && Number(bare[2]) !== 0) {
        const numberAt = at + bare.index + bare[1].length;
        problems.push(problem(text, numberAt, numberAt + bare[2].length, "error", "syntax_css_unit", { property: name, value: bare[2] }));
      }
    }
  }

  // One declaration, text[from, to); `end` is the character that ended it (";", "}" or "").
  function declaration(from, to) {
    const raw = text.slice(from, to);
    if (!raw.trim()) return;
    const lead = raw.length - raw.trimStart().length;
    const start = from + lead;
    const colon = raw.indexOf(":");
    if (colon === -1) {
      const word = raw.trim().split(/\s+/)[0];
      problems.push(problem(text, start, start + word.length, "error", "syntax_css_colon", { property: word }));
      return;
    }
    // A line that starts with "name:" after a value: the ; before it is missing. In a
    // style="..." attribute, also a "name:" after a space on the same line.
    const value = raw.slice(colon + 1);
    const next = (attribute ? /\s()([a-z-]+)[ \t]*:/i : /\n([ \t]*)([a-z-]+)[ \t]*:/i).exec(value);
    if (next) {
      const cut = colon + 1 + next.index;
      const before = raw.slice(0, cut).trimEnd();
      const endPos = from + before.length;
      const sameLine = !raw.slice(before.length, cut + next[0].length).includes("\n");
      const written = before.trim().replace(/\s+/g, " ").slice(0, 40);
      problems.push(problem(text, endPos - 1, endPos, "error", sameLine ? "syntax_css_semicolon_after" : "syntax_css_semicolon", { declaration: written }));
      declaration(from, from + cut);
      declaration(from + cut, to);
      return;
    }
    const name = raw.slice(0, colon).trim().toLowerCase();
    if (!/^-/.test(name) && /^[a-z-]+$/.test(name) && !PROPERTIES.has(name)) {
      const guess = closest(name, PROPERTIES);
      problems.push(problem(text, start, start + name.length, "error", guess ? "syntax_css_property_guess" : "syntax_css_property", { property: name, guess: guess || "" }));
      return;
    }
    checkValue(name, value, from + colon + 1);
  }

  // The declarations of a rule that opened at `open`; returns when its } is read.
  function declarations(open, selector) {
    for (;;) {
      const [from, stop] = readUntil(";{}");
      if (stop === "{") {
        // A new rule begins inside this one: the } of this rule is missing. Its selector
        // is the text on the line of the {.
        const segment = text.slice(from, pos);
        const lineStart = text.lastIndexOf("\n", pos - 1) + 1;
        let selStart = Math.max(from, lineStart);
        if (!text.slice(selStart, pos).trim()) selStart = from;
        while (selStart < pos && /\s/.test(text[selStart])) selStart++;
        if (segment && selStart > from) declaration(from, selStart);
        problems.push(problem(text, open, open + 1, "error", "syntax_css_unclosed_before", { selector, nextLine: lineAt(text, selStart) }));
        pos++;
        declarations(pos - 1, text.slice(selStart, pos - 1).trim().replace(/\s+/g, " ").slice(0, 40));
        return "nested";
      }
      declaration(from, pos);
      if (stop === "") {
        problems.push(problem(text, open, open + 1, "error", "syntax_css_unclosed", { selector }));
        return "end";
      }
      pos++;
      if (stop === "}") return "closed";
    }
  }

  function rules(open, prelude) {
    for (;;) {
      const [from, stop] = readUntil(";{}");
      const head = text.slice(from, pos).trim();
      if (stop === "") {
        if (open !== -1) problems.push(problem(text, open, open + 1, "error", "syntax_css_unclosed", { selector: prelude }));
        return;
      }
      pos++;
      if (stop === ";") continue; // @import ...; @charset ...;
      if (stop === "}") {
        if (open !== -1) return;
        problems.push(problem(text, pos - 1, pos, "error", "syntax_css_stray_close"));
        continue;
      }
      const selector = head.replace(/\s+/g, " ").slice(0, 40);
      if (RULE_BLOCKS.test(head)) rules(pos - 1, selector);
      else declarations(pos - 1, selector);
    }
  }

  if (attribute) {
    for (;;) {
      const [from, stop] = readUntil(";");
      declaration(from, pos);
      if (stop === "") break;
      pos++;
    }
    return problems;
  }
  rules(-1, "");
  return problems;
}
