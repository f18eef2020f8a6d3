// Indentation of top-level lines for stream languages (CSS, JavaScript).
// In a file of their own that is column 0. Nested in HTML (<style>,
// <script>) it is the indentation of the first non-blank line of the
// embedded code, or one unit more than the line with the opening tag.
export function rootIndent(cx) {
  const node = cx.node;
  if (!node || !node.parent) return 0;
  const doc = cx.state.doc;
  const first = doc.lineAt(node.from);
  const last = doc.lineAt(cx.pos).number;
  for (let n = first.number + 1; n < last; n++) {
    const line = doc.line(n);
    if (/\S/.test(line.text)) return cx.lineIndent(line.from);
  }
  return cx.lineIndent(first.from) + cx.unit;
}

// Wraps CodeMirror 5's JavaScript mode so that its outermost level is
// indented by rootIndent() (the mode itself always puts it at column 0).
export function nestableJS(mode) {
  return Object.assign({}, mode, {
    indent(state, textAfter, cx) {
      let root = state.lexical;
      while (root.prev) root = root.prev;
      const saved = root.indented;
      root.indented = rootIndent(cx) - cx.unit;
      try {
        return mode.indent(state, textAfter, cx);
      } finally {
        root.indented = saved;
      }
    },
  });
}
