// Rewrites the loops in a learner's script so that each turn calls __sandboxLoop(file, line),
// which stops a loop that keeps the page busy for over a second (see frame.js). The rewrite
// never adds or removes a line, so error line numbers still match what the learner sees.

const KEYWORDS_BEFORE_EXPRESSION = new Set([
  "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await",
]);

// Split source into tokens, skipping strings, comments, template literals and regular expressions.
export function tokenize(source) {
  const tokens = [];
  const braces = [];
  let i = 0;
  let line = 1;
  const n = source.length;
  const last = () => {
    for (let k = tokens.length - 1; k >= 0; k--) if (tokens[k].type !== "comment") return tokens[k];
    return null;
  };
  const regexAllowed = () => {
    const t = last();
    if (!t) return true;
    if (t.type === "name") return KEYWORDS_BEFORE_EXPRESSION.has(t.value);
    if (t.type === "punct") return !(t.value === ")" || t.value === "]" || t.value === "}");
    return false;
  };
  const countLines = (from, to) => {
    for (let k = from; k < to; k++) if (source.charCodeAt(k) === 10) line++;
  };
  const scanTemplate = (start) => {
    // From just after ` or }, to the closing ` or to ${ (which pushes a template brace).
    let k = start;
    while (k < n) {
      const c = source[k];
      if (c === "\\") { k += 2; continue; }
      if (c === "`") return { end: k + 1, open: false };
      if (c === "$" && source[k + 1] === "{") return { end: k + 2, open: true };
      k++;
    }
    return { end: n, open: false };
  };
  while (i < n) {
    const c = source[i];
    const start = i;
    const startLine = line;
    if (c === " " || c === "\t" || c === "\r" || c === "\n" || c === "\u00a0") {
      if (c === "\n") line++;
      i++;
      continue;
    }
    if (c === "/" && source[i + 1] === "/") {
      while (i < n && source[i] !== "\n") i++;
      tokens.push({ type: "comment", start, end: i, line: startLine });
      continue;
    }
    if (c === "/" && source[i + 1] === "*") {
      const close = source.indexOf("*/", i + 2);
      i = close < 0 ? n : close + 2;
      countLines(start, i);
      tokens.push({ type: "comment", start, end: i, line: startLine });
      continue;
    }
    if (c === "'" || c === '"') {
      i++;
      while (i < n && source[i] !== c && source[i] !== "\n") i += source[i] === "\\" ? 2 : 1;
      i++;
      countLines(start, Math.min(i, n));
      tokens.push({ type: "string", start, end: i, line: startLine });
      continue;
    }
    if (c === "`") {
      const part = scanTemplate(i + 1);
      i = part.end;
      countLines(start, i);
      if (part.open) braces.push("template");
      tokens.push({ type: "template", start, end: i, line: startLine });
      continue;
    }
    if (c === "/" && regexAllowed()) {
      i++;
      let inClass = false;
      while (i < n && source[i] !== "\n") {
        const d = source[i];
        if (d === "\\") { i += 2; continue; }
        if (d === "[") inClass = true;
        else if (d === "]") inClass = false;
        else if (d === "/" && !inClass) break;
        i++;
      }
      i++;
      while (i < n && /[a-z]/i.test(source[i])) i++;
      tokens.push({ type: "regex", start, end: i, line: startLine });
      continue;
    }
    if (/[A-Za-z_$\u0080-\uffff]/.test(c)) {
      while (i < n && /[\w$\u0080-\uffff]/.test(source[i])) i++;
      tokens.push({ type: "name", value: source.slice(start, i), start, end: i, line: startLine });
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(source[i + 1] || ""))) {
      while (i < n && /[\w.]/.test(source[i])) i++;
      tokens.push({ type: "number", start, end: i, line: startLine });
      continue;
    }
    if (c === "{") {
      braces.push("brace");
    } else if (c === "}") {
      if (braces.pop() === "template") {
        const part = scanTemplate(i + 1);
        i = part.end;
        countLines(start, i);
        if (part.open) braces.push("template");
        tokens.push({ type: "template", start, end: i, line: startLine });
        continue;
      }
    }
    tokens.push({ type: "punct", value: c, start, end: i + 1, line: startLine });
    i++;
  }
  return tokens;
}

function significant(tokens, from) {
  let k = from;
  while (k < tokens.length && tokens[k].type === "comment") k++;
  return k;
}

function matchParen(tokens, open) {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type !== "punct") continue;
    if (t.value === "(") depth++;
    else if (t.value === ")" && --depth === 0) return k;
  }
  return -1;
}

// Return the source with a guard call added to every while, do-while and for loop.
export function guardLoops(source, file, guardName = "__sandboxLoop") {
  let tokens;
  try {
    tokens = tokenize(source);
  } catch (error) {
    return source;
  }
  const inserts = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type !== "name" || (t.value !== "while" && t.value !== "for")) continue;
    const before = k > 0 ? tokens[k - 1] : null;
    // obj.while(...) is a call, and a method named while or for after a comma is a definition.
    if (before && before.type === "punct" && (before.value === "." || before.value === ",")) continue;
    let open = significant(tokens, k + 1);
    if (t.value === "for" && tokens[open] && tokens[open].type === "name" && tokens[open].value === "await") {
      open = significant(tokens, open + 1);
    }
    if (!tokens[open] || tokens[open].type !== "punct" || tokens[open].value !== "(") continue;
    const close = matchParen(tokens, open);
    if (close < 0) continue;
    const call = `${guardName}(${JSON.stringify(file)},${t.line})`;
    if (t.value === "while") {
      inserts.push([tokens[open].end, `${call}&&(`], [tokens[close].start, ")"]);
      continue;
    }
    // for (init; test; update): guard the test. for-in / for-of: guard the body's first statement.
    const semicolons = [];
    let depth = 0;
    for (let j = open + 1; j < close; j++) {
      const u = tokens[j];
      if (u.type !== "punct") continue;
      if ("([{".includes(u.value)) depth++;
      else if (")]}".includes(u.value)) depth--;
      else if (u.value === ";" && depth === 0) semicolons.push(j);
    }
    if (semicolons.length === 2) {
      const [first, second] = semicolons;
      const empty = second === significant(tokens, first + 1);
      if (empty) inserts.push([tokens[first].end, call]);
      else inserts.push([tokens[first].end, `${call}&&(`], [tokens[second].start, ")"]);
    } else {
      const body = significant(tokens, close + 1);
      if (tokens[body] && tokens[body].type === "punct" && tokens[body].value === "{") {
        inserts.push([tokens[body].end, `${call};`]);
      }
    }
  }
  inserts.sort((a, b) => b[0] - a[0]);
  let out = source;
  for (const [position, text] of inserts) out = out.slice(0, position) + text + out.slice(position);
  return out;
}
