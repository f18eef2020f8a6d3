// CodeMirror 5's JavaScript mode, built into ../static/vendor/jsmode.js: JavaScript's colours
// and indentation, in app.js and inside <script> and on*="..." in HTML. It is loaded by
// src/editor.js right after the editor is on the screen, not before: until it is there (a
// moment on slow Wi-Fi), JavaScript shows as plain text and everything else works.

export { javascript } from "@codemirror/legacy-modes/mode/javascript";
