// The library: a course's or exercise's finished app, shown in a sandboxed preview frame when
// the trainer opens "Show the finished app" (one frame per opened preview, none before).
import { Preview, assemble } from "./preview.js";

const previews = JSON.parse(document.getElementById("library-data").textContent);

document.querySelectorAll("details.library-preview").forEach((details) => {
  let shown = false;
  details.addEventListener("toggle", () => {
    if (!details.open || shown) return;
    const found = previews[details.dataset.exercise];
    if (!found) return;
    shown = true;
    const screen = details.querySelector(".library-screen");
    const preview = new Preview(screen, { frameUrl: found.frameUrl, modals: false });
    preview.render(assemble(found.files));
  });
});
