// The class page's sprint controls: start a timed sprint for the whole class, end it, and the
// countdown. Learners hear it over their sockets (sandbox/views/trainer_projects.py publishes it).
import { callJson } from "./api.js";
import { t } from "./i18n.js";
import { SprintClock } from "./sprint.js";

const data = JSON.parse(document.getElementById("sprint-data").textContent);
const clock = new SprintClock(document.getElementById("sprint-clock"));
const status = document.getElementById("sprint-status");
const minutes = document.getElementById("sprint-minutes");
clock.show(data.sprint);

document.getElementById("sprint-start").addEventListener("click", async () => {
  status.textContent = "";
  try {
    clock.show(await callJson(data.url, { method: "POST", json: { minutes: Number(minutes.value) } }));
    status.textContent = t("sprint_started");
  } catch (error) {
    status.textContent = error.serverError || t("save_failed_short");
  }
});
document.getElementById("sprint-end").addEventListener("click", async () => {
  status.textContent = "";
  try {
    clock.show(await callJson(data.url, { method: "DELETE" }));
    status.textContent = t("sprint_ended");
  } catch (error) {
    status.textContent = error.serverError || t("save_failed_short");
  }
});
document.body.dataset.projectsReady = "true";
