// The class's timed sprint as a countdown: "12:34 left", then "Time is up". The server says when
// the sprint ends by its own clock and what its clock reads now; the page counts by its own clock,
// corrected by the difference, so a phone whose clock is off still shows the right time left.
import { t } from "./i18n.js";

export class SprintClock {
  constructor(element, { onChange = () => {} } = {}) {
    this.element = element;
    this.onChange = onChange;
    this.endsAt = null;
    this.timer = null;
  }

  // `event`: {sprint: {ends_at, minutes} | null, now} as the server sends it.
  show(event) {
    clearInterval(this.timer);
    const sprint = event && event.sprint;
    if (!sprint) {
      this.endsAt = null;
      this.element.dataset.state = "none";
      this.element.textContent = t("sprint_none");
      this.element.hidden = this.element.classList.contains("badge");
      this.onChange(null);
      return;
    }
    const skew = event.now ? Date.parse(event.now) - Date.now() : 0;
    this.endsAt = Date.parse(sprint.ends_at) - skew;
    this.element.hidden = false;
    this.tick();
    this.timer = setInterval(() => this.tick(), 1000);
    this.onChange(sprint);
  }

  tick() {
    const left = Math.max(0, Math.round((this.endsAt - Date.now()) / 1000));
    const minutes = Math.floor(left / 60);
    const seconds = String(left % 60).padStart(2, "0");
    this.element.dataset.state = left > 0 ? "running" : "over";
    this.element.dataset.left = String(left);
    const time = `${minutes}:${seconds}`;
    const text = left > 0 ? t("sprint_left", { time }) : t("sprint_over");
    this.element.title = text;
    if (this.element.classList.contains("badge")) {
      // In a phone's top bar only the time (the whole sentence for screen readers, and on a wide screen).
      const short = document.createElement("span");
      short.className = "short";
      short.setAttribute("aria-hidden", "true");
      short.textContent = left > 0 ? time : "0:00";
      const long = document.createElement("span");
      long.className = "long";
      long.textContent = text;
      this.element.replaceChildren(short, long);
    } else {
      this.element.textContent = text;
    }
    if (left <= 0) clearInterval(this.timer);
  }
}
