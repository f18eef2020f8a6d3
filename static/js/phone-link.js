// "Open on my phone": a dialog with a QR code of this learner's phone link (made on the server,
// revocable), and, while a link works, the editor's files sent over the page's websocket soon
// after each change, so the phone changes well before the save (0.7 s after typing stops).
import { callJson } from "./api.js";
import { t } from "./i18n.js";

const SEND_AFTER_MS = 150;

export function setupPhoneLink({ data, live, getFiles, getRevision }) {
  const $ = (id) => document.getElementById(id);
  const opener = $("phone-open");
  const dialog = $("phone-dialog");
  const qr = $("phone-qr");
  const link = $("phone-url");
  const warning = $("phone-unreachable");
  const status = $("phone-status");
  const shown = $("phone-shown");
  const stopped = $("phone-stopped");
  const revokeButton = $("phone-revoke");
  const newButton = $("phone-new");
  let current = null;
  let active = Boolean(data.phoneLink);
  let timer = null;

  // ---- the files, to the phone
  function sendNow() {
    clearTimeout(timer);
    if (!active) return;
    const text = JSON.stringify({
      type: "files",
      exercise: data.exercise,
      step: data.step,
      revision: getRevision(),
      files: getFiles(),
    });
    if (text.length <= data.maxTypingBytes) live.send(text);
  }

  function changed() {
    if (!active) return;
    clearTimeout(timer);
    timer = setTimeout(sendNow, SEND_AFTER_MS);
  }

  live.listen((message) => {
    if (message.type === "phone" && message.exercise === data.exercise) {
      active = true; // a phone opened (or came back): show it what is typed now, saved or not
      sendNow();
    } else if (message.type === "hello" && active) {
      sendNow(); // this page's socket came back: typing meanwhile was not sent
    }
  });

  // ---- the dialog
  const call = (method, url, body) => callJson(url, { method, json: body });

  function render(found) {
    current = found;
    active = Boolean(found);
    dialog.dataset.state = found ? "link" : "stopped";
    shown.hidden = !found;
    stopped.hidden = Boolean(found);
    revokeButton.hidden = !found;
    if (found) {
      qr.src = found.qr;
      link.href = found.url;
      link.textContent = found.url;
      warning.hidden = found.reachable;
      dialog.dataset.link = String(found.id);
      sendNow();
    } else {
      qr.removeAttribute("src");
      delete dialog.dataset.link;
    }
  }

  async function act(work, busyText) {
    status.textContent = busyText;
    revokeButton.disabled = true;
    newButton.disabled = true;
    try {
      await work();
      status.textContent = "";
    } catch (error) {
      status.textContent = t("phone_failed", { error: error.message || String(error) });
    } finally {
      revokeButton.disabled = false;
      newButton.disabled = false;
    }
  }

  const makeLink = () => act(async () => {
    render((await call("POST", data.phoneLinksUrl, { exercise: data.exercise })).link);
  }, t("phone_making"));

  opener.addEventListener("click", () => {
    dialog.showModal();
    dialog.querySelector("#phone-close").focus();
    act(async () => {
      const found = (await call("GET", `${data.phoneLinksUrl}/${encodeURIComponent(data.exercise)}`)).link;
      if (found) render(found);
      else render((await call("POST", data.phoneLinksUrl, { exercise: data.exercise })).link);
    }, t("phone_making"));
  });
  newButton.addEventListener("click", makeLink);
  revokeButton.addEventListener("click", () => act(async () => {
    if (!current) return;
    await call("DELETE", `${data.phoneLinksUrl}/${current.id}`);
    render(null);
    newButton.focus();
  }, ""));
  dialog.addEventListener("close", () => opener.focus());

  return { changed };
}
