// Making elements. Names, messages and code come from learners and trainers: text is only ever
// set as textContent, never as HTML.
export function el(tag, className = "", text = undefined) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
