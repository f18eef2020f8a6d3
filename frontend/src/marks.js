// The marks of the friendly feedback (@codemirror/lint: gutter marks, underlines, their
// tooltips), built into ../static/vendor/marks.js and loaded by src/feedback/index.js only
// when a check is first needed (the first time a file differs from its starter), so that
// they are not part of the page's first load. Until then the editor holds the gutter's place
// with an empty gutter of the same width, so nothing moves when the first mark appears.

import { lintGutter } from "@codemirror/lint";

export { setDiagnostics } from "@codemirror/lint";
export const gutter = lintGutter();
