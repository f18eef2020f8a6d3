// The grader's quick look: run in a JavaScript world of the grader's own (a DevTools isolated
// world), so the learner's code cannot patch what it reads. It answers one question for each
// probe: does this check certainly pass? `true` only when the answer is the same as Playwright's
// locators and assertions would give, "missing" when its target is certainly not on the page;
// anything else, or anything unusual (shadow DOM, an accessible name from several sources, an
// input styled as a button...), is `false`, and the grader asks Playwright.
// sandbox/grading/quick.py builds the probes; docs/grading.md says why this exists.
(probes) => {
  class Unsure extends Error {}
  const unsure = () => {
    throw new Unsure();
  };
  // Playwright's whitespace rule for text: zero-width spaces dropped, runs of space made one.
  const norm = (text) =>
    String(text ?? "")
      .replace(/\u200b/g, "")
      .trim()
      .replace(/\s+/g, " ");

  // Playwright's CSS engine looks inside open shadow roots; querySelectorAll does not.
  const shadows = [...document.querySelectorAll("*")].some((el) => el.shadowRoot);

  const style = (el, pseudo) => getComputedStyle(el, pseudo);

  function visible(el) {
    const s = style(el);
    if (s.display === "contents") unsure();
    if (!el.checkVisibility() || s.visibility !== "visible") return false;
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0;
  }

  function hiddenForAria(el) {
    if (style(el).display === "contents") unsure();
    if (el.closest('[aria-hidden="true" i]')) return true;
    return !el.checkVisibility() || style(el).visibility !== "visible";
  }

  // The name of an element whose name can only come from its own text or aria-label.
  function accessibleName(el) {
    if (el.hasAttribute("aria-labelledby")) unsure();
    const label = el.getAttribute("aria-label");
    if (label !== null && label.trim()) return norm(label);
    for (const child of el.childNodes) {
      if (child.nodeType === Node.ELEMENT_NODE) unsure();
    }
    for (const pseudo of ["::before", "::after"]) {
      const content = style(el, pseudo).content;
      if (content !== "none" && content !== "normal") unsure();
    }
    const name = norm(el.textContent);
    if (!name) unsure(); // the title attribute or others would be next
    return name;
  }

  const ROLES = {
    button: { tags: "button", others: "input[type=button i], input[type=submit i], input[type=reset i], input[type=image i], summary" },
    heading: { tags: "h1, h2, h3, h4, h5, h6", others: "" },
    link: { tags: "a[href], area[href]", others: "" },
  };

  function byRole(role, name, exact) {
    const kind = ROLES[role];
    if (!kind) unsure();
    if (kind.others && document.querySelector(kind.others)) unsure();
    const found = [];
    for (const el of document.querySelectorAll(`${kind.tags}, [role]`)) {
      const explicit = el.getAttribute("role");
      if (explicit !== null) {
        const first = explicit.trim().split(/\s+/)[0];
        if (first !== role) {
          if (el.matches(kind.tags) || explicit.includes(role)) unsure();
          continue;
        }
      }
      if (hiddenForAria(el)) continue;
      if (name !== null) {
        const own = accessibleName(el);
        const wanted = norm(name);
        if (exact ? own !== String(name) || wanted !== String(name) : !own.toLowerCase().includes(wanted.toLowerCase())) {
          continue;
        }
      }
      found.push(el);
    }
    return found;
  }

  const TARGETS = ["css", "role"];
  function locate(target) {
    if (target.css !== undefined) {
      try {
        return [...document.querySelectorAll(target.css)];
      } catch {
        return unsure(); // Playwright's own selector syntax (text=, >>, :has-text...)
      }
    }
    if (target.role !== undefined) return byRole(target.role, target.name ?? null, !!target.exact);
    return unsure();
  }

  function text(el) {
    if (el.matches("input") || (document.head && document.head.contains(el))) unsure();
    if (el.querySelector("script, style, noscript")) unsure();
    return norm(el.textContent);
  }

  // Each assertion answers true (it holds), { actual } (it certainly does not: what the page
  // has instead, as Playwright would report it), or throws Unsure.
  const failed = (actual) => ({ actual });
  const rawText = (el) => {
    text(el);
    return el.textContent.trimEnd();
  };
  const ASSERTIONS = {
    count: (found, wanted, target) => {
      if (target.css === undefined) unsure();
      return found.length === wanted || failed(found.length);
    },
    min_count: (found, wanted, target) => {
      if (target.css === undefined || found.length < wanted) unsure();
      return true;
    },
    visible: (found, wanted, target) => {
      if (wanted) return visible(found[0]) || failed("hidden");
      if (target.css === undefined) unsure();
      return found.length === 0 || !visible(found[0]) || failed("visible");
    },
    text: (found, wanted) => text(found[0]) === norm(wanted) || failed(rawText(found[0])),
    contains: (found, wanted) => text(found[0]).includes(norm(wanted)) || failed(rawText(found[0])),
    not_contains: (found, wanted) => !text(found[0]).includes(norm(wanted)) || failed(rawText(found[0])),
    value: (found, wanted) => {
      if (!found[0].matches("input, textarea, select")) unsure();
      return found[0].value === String(wanted) || failed(found[0].value.trimEnd());
    },
    attribute: (found, wanted) =>
      Object.entries(wanted).every(([name, value]) => found[0].getAttribute(name) === String(value)) || unsure(),
    css: (found, wanted) =>
      Object.entries(wanted).every(([name, value]) => style(found[0]).getPropertyValue(name) === String(value)) ||
      unsure(),
    checked: (found, wanted) => {
      const el = found[0];
      if (!el.matches("input[type=checkbox i], input[type=radio i]") || el.hasAttribute("aria-checked")) unsure();
      return (!el.indeterminate && el.checked === wanted) || unsure();
    },
    enabled: (found, wanted) => {
      const el = found[0];
      if (!el.matches("button, input, select, textarea") || el.closest("[aria-disabled]")) unsure();
      return el.matches(":disabled") !== wanted || unsure();
    },
  };

  const PAGES = {
    title: () => ({ title: document.title }),
    "viewport-meta": () => {
      const meta = document.querySelector('meta[name="viewport"]');
      const content = meta && meta.getAttribute("content");
      return !!content && content.replace(/ /g, "").includes("width=device-width");
    },
    "tap-targets": (probe) => {
      if (window.visualViewport && window.visualViewport.scale !== 1) unsure();
      const all = [...document.querySelectorAll(probe.tappable)].slice(0, 60);
      return all.every((el) => {
        const rect = el.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0) return true;
        return rect.width >= probe.min - 0.5 && rect.height >= probe.min - 0.5;
      });
    },
  };

  // Where a click would land, if Playwright would click there at once: the element is the first
  // match, visible, enabled, still (no animations), wholly on screen, one box, and on top.
  function clickPoint(target) {
    const el = locate(target)[0];
    if (!el) return "missing";
    if (!visible(el) || el.matches(":disabled") || el.closest("[aria-disabled]")) unsure();
    if (document.getAnimations().length) unsure();
    const viewport = window.visualViewport;
    if (viewport && (viewport.scale !== 1 || viewport.offsetLeft || viewport.offsetTop)) unsure();
    const boxes = el.getClientRects();
    if (boxes.length !== 1) unsure();
    const box = boxes[0];
    if (box.left < 0 || box.top < 0 || box.right > innerWidth || box.bottom > innerHeight) unsure();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (!hit || !(hit === el || el.contains(hit))) unsure();
    return { x, y };
  }

  function answer(probe) {
    // The words this side knows, for the test that holds every side of the check vocabulary together.
    if (probe.words) return { assertions: Object.keys(ASSERTIONS), pages: Object.keys(PAGES), targets: TARGETS };
    if (shadows) unsure();
    if (probe.click) return clickPoint(probe.click);
    if (probe.page) return PAGES[probe.page](probe);
    const found = locate(probe.target);
    if (found.length === 0 && probe.needs) return "missing";
    for (const [name, wanted] of probe.expect) {
      const verdict = ASSERTIONS[name](found, wanted, probe.target);
      if (verdict !== true) return { fail: name, actual: verdict.actual };
    }
    return true;
  }

  return probes.map((probe) => {
    try {
      return answer(probe) || false;
    } catch (error) {
      if (error instanceof Unsure) return false;
      return false; // anything unexpected: Playwright decides
    }
  });
};
