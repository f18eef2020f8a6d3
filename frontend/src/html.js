// HTML for the editor: the Lezer HTML grammar with CSS and JavaScript
// nested into it, indentation rules for elements, and tag auto-closing for
// beginners (`<p>` gives `<p></p>`; typeover.js lets the learner type the
// close tag over it). The CSS and JavaScript parsers are passed in by editor.js.
//
// Exports:
//   htmlLanguage(cssParser, cssAttrParser, jsParser?) -> LRLanguage
//   autoCloseTags(language) -> Extension (an EditorView.inputHandler)

import { parser as htmlParser, configureNesting } from "@lezer/html";
import { EditorView } from "@codemirror/view";
import { EditorSelection } from "@codemirror/state";
import { LRLanguage, indentNodeProp, bracketMatchingHandle, ensureSyntaxTree, syntaxTree } from "@codemirror/language";

// ---------------------------------------------------------------- nesting

// Event handler attributes whose value is highlighted as JavaScript.
const EVENTS = (
  "click dblclick contextmenu mousedown mouseup mousemove mouseover mouseout mouseenter mouseleave wheel " +
  "pointerdown pointerup pointermove pointercancel touchstart touchmove touchend " +
  "keydown keyup keypress input change submit reset invalid select focus blur " +
  "load error scroll resize drag dragstart dragend dragenter dragleave dragover drop " +
  "animationend transitionend play pause ended toggle"
).split(" ");

// <script> holds JavaScript unless its type says otherwise (JSON, templates...).
const isJavaScriptType = (type) =>
  type == null || /^\s*$|^\s*module\s*$|^\s*(text|application)\/(x-)?(javascript|ecmascript)\s*$/i.test(type);
// <style> holds CSS unless type or lang says otherwise (for example "scss").
const isCssStyle = (attrs) =>
  (attrs.type == null || /^\s*(text\/)?css\s*$/i.test(attrs.type)) && (attrs.lang == null || /^\s*css\s*$/i.test(attrs.lang));

// ---------------------------------------------------------------- indentation

// The innermost unfinished element that ends exactly at `pos`: its open tag
// is complete and it has no close tag (for example `<div>` at the end of the
// document). The indentation service does not enter nodes that end at the
// position being indented, so Document looks for them itself.
function openElementEndingAt(node, pos) {
  let found = null;
  for (let child = node.lastChild; child && child.to == pos; child = child.lastChild) {
    const open = child.name == "Element" && child.firstChild;
    if (open && open.name == "OpenTag" && open.lastChild.name == "EndTag" && child.lastChild.name != "CloseTag") found = child;
  }
  return found;
}

const indentRules = {
  // Content goes one unit deeper than the line the element starts on; the
  // element's own close tag goes back to that line's indentation.
  Element(cx) {
    const el = cx.node;
    const base = cx.lineIndent(el.from);
    const close = el.getChild("CloseTag");
    // The line starts with this element's close tag. (Read textAfter, not the
    // document: Enter between two tags asks about a line that is not there yet.)
    const lead = /^[ \t]*(<\/)?/.exec(cx.textAfter);
    if (close && lead[1] && close.from == cx.pos + lead[0].length - 2) return base;
    return base + cx.unit;
  },
  // A line inside a tag that spans several lines: attributes line up with
  // the first attribute when it is on the tag's first line, else one unit
  // past the `<`. A line that starts with `>` or `/>` lines up with the `<`.
  "OpenTag CloseTag SelfClosingTag"(cx) {
    const tag = cx.node;
    const start = cx.column(tag.from);
    if (/^\s*\/?>/.test(cx.textAfter)) return start;
    const first = tag.getChild("Attribute");
    if (first && first.from < cx.pos && cx.state.doc.lineAt(first.from).from == cx.state.doc.lineAt(tag.from).from)
      return cx.column(first.from);
    return start + cx.unit;
  },
  Document(cx) {
    const el = openElementEndingAt(cx.node, cx.pos);
    if (el) return cx.lineIndent(el.from) + cx.unit;
    return 0;
  },
};

// ---------------------------------------------------------------- language

// Without `jsParser` (before editor.js has loaded the JavaScript mode), scripts and
// on*="..." values are plain text.
export function htmlLanguage(cssParser, cssAttrParser, jsParser) {
  const wrap = configureNesting(
    [
      ...(jsParser ? [{ tag: "script", attrs: (a) => isJavaScriptType(a.type), parser: jsParser }] : []),
      { tag: "style", attrs: isCssStyle, parser: cssParser },
    ],
    [{ name: "style", parser: cssAttrParser }, ...(jsParser ? EVENTS.map((e) => ({ name: "on" + e, parser: jsParser })) : [])]
  );
  return LRLanguage.define({
    name: "html",
    parser: htmlParser.configure({
      wrap,
      props: [
        indentNodeProp.add(indentRules),
        // Bracket matching highlights the tag names of a matching pair.
        bracketMatchingHandle.add({ "OpenTag CloseTag": (tag) => tag.getChild("TagName") }),
      ],
    }),
    languageData: {
      commentTokens: { block: { open: "<!--", close: "-->" } },
      // Re-indent a line once its close tag is typed.
      indentOnInput: /^\s*<\/[^\s<>]*>$/,
      wordChars: "-_",
    },
  });
}

// ---------------------------------------------------------------- auto-closing

const VOID_ELEMENTS = new Set(
  "area base br col embed hr img input link meta source track wbr param keygen command frame menuitem".split(" ")
);

function tagName(doc, tag) {
  const name = tag && tag.getChild("TagName");
  return name ? doc.sliceString(name.from, name.to) : "";
}

// True when `el` (just given its `>`) still needs a close tag. The parser
// pairs a close tag with the innermost open element of that name, so a
// `</div>` that belongs to an unclosed outer <div> looks like it belongs to a
// new inner <div>. Walk up the chain of same-named parents: if one of them
// has no close tag, the new element has taken its close tag.
function needsCloseTag(doc, el, name) {
  for (let cur = el; ; cur = cur.parent) {
    if (!cur.getChild("CloseTag")) return true;
    const up = cur.parent;
    if (!up || up.name != "Element" || tagName(doc, up.firstChild) != name) return false;
  }
}

// What to insert at `head` in `state` (after the typed character), or null.
function closeAfterGreaterThan(state, tree, head) {
  // Look at the `>` itself: resolving at `head` could land in the empty
  // ScriptText/StyleText that starts right after `<script>` / `<style>`.
  const end = tree.resolveInner(head - 1, 1);
  // `/>` is also an EndTag; nothing to close there.
  if (end.name != "EndTag" || end.from != head - 1 || end.to != head) return null;
  const open = end.parent;
  const el = open && open.parent;
  if (!open || open.name != "OpenTag" || !el || el.name != "Element") return null;
  const name = tagName(state.doc, open);
  if (!name || VOID_ELEMENTS.has(name.toLowerCase()) || !needsCloseTag(state.doc, el, name)) return null;
  return { changes: { from: head, insert: "</" + name + ">" }, range: EditorSelection.cursor(head) };
}

export function autoCloseTags(language) {
  return EditorView.inputHandler.of((view, from, to, text, typed) => {
    if (text != ">" || view.composing || view.state.readOnly) return false;
    const first = typed();
    const state = first.state;
    const tree = ensureSyntaxTree(state, state.doc.length, 200) || syntaxTree(state);
    let any = false;
    const more = state.changeByRange((range) => {
      const head = range.head;
      // The typed character must be HTML (not JavaScript in <script> or an
      // on* attribute, not CSS in <style>). Asked after typing: before it,
      // `<script|` already counts as the start of the (empty) script.
      const done =
        range.empty && state.doc.sliceString(head - 1, head) == text && language.isActiveAt(state, head - 1, 1)
          ? closeAfterGreaterThan(state, tree, head)
          : null;
      if (!done) return { range };
      any = true;
      return done;
    });
    if (!any) return false;
    view.dispatch([first, state.update(more, { userEvent: "input.complete", scrollIntoView: true })]);
    return true;
  });
}
