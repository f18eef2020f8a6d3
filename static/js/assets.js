// A group project's pictures (the Plan panel's Pictures part): upload one from the computer or the
// phone's file picker, see each with its thumbnail, name and size, put its path (assets/name.png)
// into the code, delete it after a second press. The server names each picture, reads its type
// from its bytes and holds the limits (views/project_assets.py); this page only says so early.
// Other members' uploads arrive over the project socket (message "assets"): `hear` draws them.
import { callJson } from "./api.js";
import { el } from "./dom.js";
import { t } from "./i18n.js";

const $ = (selector) => document.querySelector(selector);

function kb(bytes) {
  return Math.max(1, Math.round(bytes / 1024));
}

// Megabytes with one decimal in the page's language ("0,4" in Russian), rounded up: never less than used.
const decimal = new Intl.NumberFormat(document.documentElement.lang || "en", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
function mb(bytes) {
  return decimal.format(Math.ceil(bytes / (1024 * 1024) * 10) / 10);
}

export function setupAssets({ listing, url, readOnly, onChange, insertPath }) {
  const list = $("#asset-list");
  const status = $("#assets-status");
  const usage = $("#assets-usage");
  const input = $("#asset-file");
  const button = $("#asset-upload");
  let current = listing;

  function say(text, kind = "info") {
    status.textContent = text;
    status.dataset.kind = kind;
  }

  function draw(focusName = null) {
    const { assets, limits } = current;
    list.replaceChildren(...assets.map(item));
    if (!assets.length) list.append(el("li", "empty", t("assets_none")));
    const total = assets.reduce((sum, one) => sum + one.size, 0);
    usage.textContent = t("assets_usage", {
      count: assets.length,
      max: limits.count,
      used: mb(total),
      total: Math.round(limits.total / (1024 * 1024)),
    });
    document.body.dataset.assets = String(assets.length); // for tests
    if (focusName) list.querySelector(`[data-asset="${CSS.escape(focusName)}"] button`)?.focus();
  }

  function item(asset) {
    const row = el("li", "asset");
    row.dataset.asset = asset.name;
    const thumb = el("img", "asset-thumb");
    thumb.src = asset.url;
    thumb.alt = "";
    thumb.loading = "lazy";
    const about = el("div", "asset-about");
    const name = el("span", "asset-name", asset.name);
    name.translate = false;
    const facts = el("span", "asset-facts", asset.by ? t("asset_facts_by", { kb: kb(asset.size), name: asset.by }) : t("asset_facts", { kb: kb(asset.size) }));
    const path = el("code", "asset-path", asset.path);
    path.translate = false;
    about.append(name, facts, el("span", "asset-hint", t("asset_hint")), path);
    row.append(thumb, about);
    if (readOnly) return row;
    const actions = el("div", "asset-actions");
    const insert = el("button", "button secondary small", t("asset_insert"));
    insert.type = "button";
    // The visible words first, then which picture (the accessible name must hold what is seen).
    insert.setAttribute("aria-label", `${t("asset_insert")}: ${asset.path}`);
    insert.addEventListener("click", () => {
      insertPath(asset.path);
      say(t("asset_inserted", { path: asset.path }));
    });
    const remove = el("button", "button secondary small", t("asset_delete"));
    remove.type = "button";
    remove.setAttribute("aria-label", `${t("asset_delete")}: ${asset.name}`);
    remove.addEventListener("click", () => confirmDelete(row, asset, actions));
    actions.append(insert, remove);
    row.append(actions);
    return row;
  }

  // A second, explicit press: the picture goes for the whole group.
  function confirmDelete(row, asset, actions) {
    const ask = el("div", "asset-confirm");
    ask.setAttribute("role", "group");
    ask.setAttribute("aria-label", t("asset_delete_ask", { name: asset.name }));
    const question = el("span", "", t("asset_delete_ask", { name: asset.name }));
    const yes = el("button", "button danger small", t("asset_delete_yes"));
    yes.type = "button";
    const no = el("button", "button secondary small", t("asset_delete_no"));
    no.type = "button";
    ask.append(question, yes, no);
    actions.hidden = true;
    row.append(ask);
    no.focus();
    no.addEventListener("click", () => {
      ask.remove();
      actions.hidden = false;
      actions.querySelector("button:last-child").focus();
    });
    yes.addEventListener("click", async () => {
      yes.disabled = no.disabled = true;
      say(t("asset_deleting", { name: asset.name }));
      try {
        current = await callJson(`${url}/${encodeURIComponent(asset.name)}`, { method: "DELETE" });
        draw();
        onChange(current);
        say(t("asset_deleted", { name: asset.name }));
        button?.focus();
      } catch (error) {
        say(error.serverError || t("asset_failed"), "error");
        draw(asset.name);
      }
    });
  }

  async function upload(file) {
    const { limits } = current;
    if (file.size > limits.file) {
      say(t("asset_too_big", { name: file.name, limit: kb(limits.file) }), "error");
      return;
    }
    const form = new FormData();
    form.append("file", file, file.name);
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    document.body.dataset.uploading = "true";
    say(t("asset_uploading", { name: file.name }));
    try {
      const answer = await callJson(url, { method: "POST", body: form });
      current = answer;
      draw(answer.asset);
      onChange(current);
      say(t(answer.replaced ? "asset_replaced" : "asset_uploaded", { path: answer.path }));
    } catch (error) {
      say(error.serverError || (error.status ? t("asset_failed") : t("asset_offline")), "error");
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      delete document.body.dataset.uploading;
      input.value = ""; // the same file again is a change too
    }
  }

  if (!readOnly) {
    button.addEventListener("click", () => input.click());
    input.addEventListener("change", () => {
      if (input.files.length) upload(input.files[0]);
    });
  }
  draw();

  return {
    // Another member changed the pictures (the project socket's "assets").
    hear(message) {
      const before = new Set(current.assets.map((one) => one.name));
      current = { assets: message.assets, frame_url: message.frame_url, limits: message.limits };
      const added = current.assets.filter((one) => !before.has(one.name));
      draw();
      onChange(current);
      // (This page's own upload may be heard before its answer: that is not another member's.)
      if (added.length === 1 && !document.body.dataset.uploading) say(t("asset_added_by_other", { path: added[0].path }));
    },
    get listing() { return current; },
  };
}
