// Small helpers shared by the checks: line numbers and "did you mean".

// 1-based line of position `pos` in `text`.
export function lineAt(text, pos) {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < pos; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

// Edit distance (insert, delete, replace, and swapping two neighbours: "dispaly").
export function distance(a, b) {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const d = [];
  for (let i = 0; i <= a.length; i++) d.push([i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

// The closest of `words` to `word`, if it is close enough to be a likely typo.
export function closest(word, words) {
  const limit = word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
  let best = null;
  let bestDistance = limit + 1;
  for (const candidate of words) {
    const d = distance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

// A problem as the checks report it: where, how bad, and which message (a key of the
// page's catalog, sandbox/i18n.py JS_MESSAGES, with its placeholder values).
export function problem(text, from, to, severity, key, values = {}) {
  to = Math.max(from, Math.min(to, text.length));
  return { from, to, line: lineAt(text, from), severity, key, values };
}
