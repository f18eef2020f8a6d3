// "Take it home": download the app as a zip, or publish it as an installable web app on the
// publish origin (a separate origin: see sandbox/publish/) and show its address and QR code.
// A group project's "Show and share" dialog (templates/projects/_share.html) is the same dialog,
// with the project's publish URL in data.publishUrl; for a mentor it has no Publish and Unpublish
// buttons and no name or colour (they follow the app and may download it, not publish it).
import { callJson } from "./api.js";
import { t } from "./i18n.js";

export function setupTakeHome({ data, getFiles, flush }) {
  const $ = (id) => document.getElementById(id);
  const dialog = $("takehome-dialog");
  const zip = $("takehome-zip");
  const name = $("takehome-name");
  const theme = $("takehome-theme");
  const shown = $("takehome-published");
  const link = $("takehome-url");
  const qr = $("takehome-qr");
  const status = $("takehome-status");
  const publish = $("takehome-publish");
  const unpublish = $("takehome-unpublish");
  const url = data.publishUrl || `/api/published/${encodeURIComponent(data.exercise)}`;
  let busy = false;

  function say(text, kind = "") {
    status.textContent = text;
    status.dataset.kind = kind;
  }

  function show(state) {
    dialog.dataset.published = String(Boolean(state.published));
    shown.hidden = !state.published;
    if (unpublish) unpublish.hidden = !state.published;
    if (publish) publish.textContent = state.published ? t("takehome_publish_again") : t("takehome_publish");
    if (state.published) {
      link.href = state.url;
      link.textContent = state.url;
      qr.src = state.qr;
      if (name) name.value = state.name;
      if (theme) theme.value = state.theme;
    }
  }

  const call = (method, body) => callJson(url, { method, json: body });

  $("takehome-open").addEventListener("click", async () => {
    say("");
    dialog.showModal();
    try {
      show(await call("GET"));
    } catch (error) {
      say(t("takehome_offline"), "error");
    }
  });

  // The zip holds the saved files: save what was just typed first, then download.
  zip.addEventListener("click", async (event) => {
    event.preventDefault();
    try { await flush(); } catch (error) { /* the zip then has the last saved copy */ }
    window.location.href = zip.href;
  });

  publish?.addEventListener("click", async () => {
    if (busy) return;
    busy = true;
    say(t("takehome_publishing"));
    try {
      const state = await call("PUT", { files: getFiles(), name: name.value, theme: theme.value });
      show(state);
      say(t("takehome_published"), "ok");
    } catch (error) {
      say(t("send_failed", { error: error.message }), "error");
    } finally {
      busy = false;
    }
  });

  unpublish?.addEventListener("click", async () => {
    if (busy) return;
    busy = true;
    try {
      show(await call("DELETE"));
      say(t("takehome_unpublished"), "ok");
    } catch (error) {
      say(t("send_failed", { error: error.message }), "error");
    } finally {
      busy = false;
    }
  });
}

// A group project's page saves over its socket: before a zip, wait (at most `ms`) until the badge
// says every change typed here is stored, so the zip holds them.
export function savedWithin(ms) {
  return new Promise((resolve) => {
    const started = Date.now();
    (function look() {
      if (document.body.dataset.coedit === "saved" || Date.now() - started > ms) resolve();
      else setTimeout(look, 100);
    })();
  });
}
