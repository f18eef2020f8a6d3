// Strings for the page scripts, translated on the server (sandbox/i18n.py) and embedded as JSON.
const catalog = JSON.parse(document.getElementById("i18n")?.textContent || "{}");

export function t(key, values = {}) {
  const text = catalog[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}
