// ESLint for the project's JavaScript: the page scripts (static/js, ES modules in the browser)
// and the scripts the grader evaluates in a page (sandbox/**/*.js). `make lint` runs it from the
// repository's root with -c, so the paths below are from there.
import js from "@eslint/js";
import globals from "globals";

const rules = {
  ...js.configs.recommended.rules,
  // `catch (error) { fall back }` names what it ignores; that is not a mistake.
  "no-unused-vars": ["error", { caughtErrors: "none" }],
};

export default [
  { ignores: ["**/node_modules/**", "static/vendor/**", "sandbox/grading/vendor/**", "tools/**", "frontend/**"] },
  {
    files: ["static/js/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.browser },
    rules,
  },
  {
    // Classic scripts: the preview frame's runtime, and what the grader evaluates in a page.
    files: ["static/js/frame.js", "sandbox/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: globals.browser },
    rules,
  },
];
