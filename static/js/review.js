// The review on the projector: each group's app in turn, full size in a phone, live as the group
// saves (the trainer's class socket tells "project-saved"; the files come over HTTP), with its
// user stories beside it. The app runs in a sandboxed frame (preview.js), never on our origin.
import { callJson } from "./api.js";
import { el } from "./dom.js";
import { t } from "./i18n.js";
import { Preview, assemble } from "./preview.js";
import { LiveSocket } from "./socket.js";
import { SprintClock } from "./sprint.js";

const data = JSON.parse(document.getElementById("review-data").textContent);
const screen = document.getElementById("review-screen");
let index = 0;
let shownRevision = -1;

if (data.projects.length) {
  screen.style.width = "360px";
  screen.style.height = "640px";
  const preview = new Preview(screen, {
    frameUrl: data.frameUrl,
    modals: false,
    onSwap: () => { document.body.dataset.previews = String(Number(document.body.dataset.previews || 0) + 1); },
  });
  const title = document.getElementById("review-title");
  const storyList = document.getElementById("review-stories");

  async function show(reload = false) {
    const project = data.projects[index];
    title.textContent = t("review_of", { number: index + 1, count: data.projects.length, name: project.name });
    document.body.dataset.project = String(project.id);
    let found;
    try {
      found = await callJson(project.url);
    } catch {
      return; // the next save or a press of Next tries again
    }
    // Each project's app runs at its own frame address, which carries its pictures (views/project_assets.py).
    if (reload || found.revision !== shownRevision || found.frame_url !== preview.frameUrl) {
      shownRevision = found.revision;
      preview.frameUrl = found.frame_url;
      preview.render(assemble(found.files));
    }
    storyList.replaceChildren(...found.stories.map((story) => {
      const item = el("li", "", `${story.status === "done" ? "☑" : "☐"} ${t("story_text", { role: story.role, action: story.action })}`);
      item.dataset.status = story.status;
      return item;
    }));
  }
  function go(step) {
    index = (index + step + data.projects.length) % data.projects.length;
    shownRevision = -1;
    show(true);
  }
  document.getElementById("review-next").addEventListener("click", () => go(1));
  document.getElementById("review-previous").addEventListener("click", () => go(-1));
  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, textarea, select")) return;
    if (event.key === "ArrowRight") go(1);
    else if (event.key === "ArrowLeft") go(-1);
  });

  const clock = new SprintClock(document.getElementById("sprint-clock"));
  const socket = new LiveSocket(data.socketUrl);
  socket.listen((message) => {
    if (message.type === "project-saved" && message.project === data.projects[index].id) show();
    else if (message.type === "sprint") clock.show(message);
    else if (message.type === "hello" && message.sprint !== undefined) clock.show(message.sprint);
  });
  socket.open();
  show(true);
}
document.body.dataset.ready = "true";
