// The class page's list of learners, kept current from the dashboard's rows (dashboard.js feeds it
// what the trainer's socket says): someone joining, renamed, removed, coming online or going
// offline shows without a reload. Rename and Remove are sent in the background; the socket then
// brings the change to this list, the grid, and every other page the trainer has open.
// Names come from learners: they are only ever set as text or as an input's value.
import { csrfToken, request } from "./api.js";
import { t } from "./i18n.js";

export class LearnerList {
  constructor({ list, count, status, actionFor, presenceText, afterChange }) {
    this.list = list;
    this.count = count;
    this.status = status;
    this.actionFor = actionFor;
    this.presenceText = presenceText;
    this.afterChange = afterChange;
    this.rows = new Map();
    this.order = [];
    list.addEventListener("submit", (event) => this.submit(event));
  }

  // The whole list, in the grid's order (hello, grid, or a reload of the grid over HTTP).
  setAll(rows) {
    this.rows = new Map(rows.map((row) => [row.learner, row]));
    this.order = rows.map((row) => row.learner);
    this.render();
  }

  // Some learners changed; `gone` left the class.
  update(rows, gone = []) {
    for (const id of gone) {
      this.rows.delete(id);
      this.order = this.order.filter((other) => other !== id);
    }
    for (const row of rows) {
      if (!this.rows.has(row.learner)) this.order.push(row.learner);
      this.rows.set(row.learner, row);
    }
    this.order.sort((a, b) => this.rows.get(a).name.localeCompare(this.rows.get(b).name) || a - b);
    this.render();
  }

  render() {
    this.count.textContent = String(this.order.length);
    const items = new Map(
      [...this.list.querySelectorAll("li[data-learner]")].map((li) => [Number(li.dataset.learner), li]),
    );
    const wanted = this.order.map((id) => {
      const item = items.get(id) || this.item(id);
      this.fill(item, this.rows.get(id));
      return item;
    });
    if (!wanted.length) {
      const empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = t("no_learners");
      wanted.push(empty);
    }
    // Keep the nodes that stay (a name being typed keeps its focus); add and drop the others.
    const current = [...this.list.children];
    if (current.length !== wanted.length || current.some((node, index) => node !== wanted[index])) {
      this.list.replaceChildren(...wanted);
    }
  }

  item(id) {
    const li = document.createElement("li");
    li.dataset.learner = String(id);
    const form = document.createElement("form");
    form.method = "post";
    form.setAttribute("action", this.actionFor(id));
    form.className = "inline";
    const token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrf_token";
    token.value = csrfToken();
    const name = document.createElement("input");
    name.name = "name";
    name.maxLength = 60;
    const rename = this.button("rename", t("learner_rename"));
    const remove = this.button("remove", t("learner_remove"));
    form.append(token, name, rename, remove);
    li.append(form);
    return li;
  }

  button(action, label) {
    const button = document.createElement("button");
    button.className = "button secondary small";
    button.name = "action";
    button.value = action;
    button.textContent = label;
    return button;
  }

  fill(li, row) {
    li.dataset.online = String(row.online);
    const name = li.querySelector("input[name=name]");
    // Leave a name the trainer is typing alone; otherwise show the name as it is now.
    const typing = document.activeElement === name || (name.dataset.shown && name.value !== name.dataset.shown);
    if (!typing) name.value = row.name;
    name.dataset.shown = row.name;
    name.setAttribute("aria-label", t("learner_name_label", { name: row.name }));
    let presence = li.querySelector(".presence");
    if (!presence) {
      presence = document.createElement("span");
      presence.className = "presence";
      li.append(presence);
    }
    presence.dataset.online = String(row.online);
    presence.textContent = this.presenceText(row);
  }

  async submit(event) {
    const form = event.target.closest("form");
    if (!form || !this.list.contains(form)) return;
    event.preventDefault();
    const body = new FormData(form, event.submitter);
    const removing = body.get("action") === "remove";
    const name = form.querySelector("input[name=name]");
    let response;
    try {
      // The page route answers with a redirect to this page: not followed, it means done.
      // getAttribute: the buttons are named "action", which hides the form's own `action` property.
      response = await request(form.getAttribute("action"), { method: "POST", body, redirect: "manual" });
    } catch (error) {
      this.say(t("send_offline"), "error");
      return;
    }
    if (!(response.ok || response.type === "opaqueredirect")) {
      this.say(t("send_failed", { error: `HTTP ${response.status}` }), "error");
      return;
    }
    if (!removing) name.dataset.shown = name.value; // shown as typed until the socket confirms it
    this.say(removing ? t("learner_removed") : t("learner_renamed", { name: body.get("name") }), "ok");
    this.afterChange();
  }

  say(text, kind) {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }
}
