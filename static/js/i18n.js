// Strings for the page scripts, translated on the server (sandbox/i18n.py) and embedded as JSON.
const catalog = JSON.parse(document.getElementById("i18n")?.textContent || "{}");
const plurals = new Intl.PluralRules(document.documentElement.lang || "en");

// A string that shows a number comes as {one, few, many, other}: the form for {count} is picked
// with the page language's plural rules (Russian has three forms).
function form(text, values) {
  if (typeof text !== "object" || text === null) return text;
  return text[plurals.select(Number(values.count))] ?? text.other ?? Object.values(text)[0];
}

export function t(key, values = {}) {
  const text = form(catalog[key], values) ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// A time of day in the page's language (13:05 in Russian and Tajik), not the browser's. Browsers
// that lack Tajik's formats (Chromium's do) write it as Russian does, the 24-hour clock of Tajikistan.
const pageLanguage = document.documentElement.lang || undefined;
const clock = new Intl.DateTimeFormat(
  pageLanguage && Intl.DateTimeFormat.supportedLocalesOf(pageLanguage).length ? pageLanguage : (pageLanguage === "tg" ? "ru" : pageLanguage),
  { hour: "2-digit", minute: "2-digit" },
);
export function timeOfDay(value) {
  const when = new Date(value);
  return Number.isNaN(when.getTime()) ? "" : clock.format(when);
}
