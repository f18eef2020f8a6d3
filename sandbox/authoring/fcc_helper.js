// The checks of exercises imported from freeCodeCamp's 2018 curriculum call assert(...),
// assert.equal(...) and a small $() so that their tests run unchanged. This is the project's
// own small version of the few parts of chai and jQuery those tests use (docs/courses.md).
(function () {
  class AssertionError extends Error {
    constructor(message) {
      // The original messages hold HTML (<code>h1</code>); results are plain text.
      super(String(message || "Assertion failed").replace(/<[^>]+>/g, ""));
      this.name = "AssertionError";
    }
  }
  const show = (value) => {
    try { return JSON.stringify(value); } catch (error) { return String(value); }
  };
  function assert(value, message) {
    if (!value) throw new AssertionError(message || `expected ${show(value)} to be truthy`);
  }
  const check = (passes, message, otherwise) => {
    if (!passes) throw new AssertionError(message || otherwise);
  };
  const same = (a, b) => show(a) === show(b);
  // equal/notEqual compare loosely (==), as chai does.
  Object.assign(assert, {
    ok: (v, m) => check(Boolean(v), m, `expected ${show(v)} to be truthy`),
    isOk: (v, m) => check(Boolean(v), m, `expected ${show(v)} to be truthy`),
    notOk: (v, m) => check(!v, m, `expected ${show(v)} to be falsy`),
    isNotOk: (v, m) => check(!v, m, `expected ${show(v)} to be falsy`),
    isTrue: (v, m) => check(v === true, m, `expected ${show(v)} to be true`),
    isFalse: (v, m) => check(v === false, m, `expected ${show(v)} to be false`),
    equal: (a, b, m) => check(a == b, m, `expected ${show(a)} to equal ${show(b)}`),
    notEqual: (a, b, m) => check(a != b, m, `expected ${show(a)} not to equal ${show(b)}`),
    strictEqual: (a, b, m) => check(a === b, m, `expected ${show(a)} to be ${show(b)}`),
    notStrictEqual: (a, b, m) => check(a !== b, m, `expected ${show(a)} not to be ${show(b)}`),
    deepEqual: (a, b, m) => check(same(a, b), m, `expected ${show(a)} to deeply equal ${show(b)}`),
    isAbove: (a, b, m) => check(a > b, m, `expected ${show(a)} to be above ${show(b)}`),
    isAtLeast: (a, b, m) => check(a >= b, m, `expected ${show(a)} to be at least ${show(b)}`),
    isBelow: (a, b, m) => check(a < b, m, `expected ${show(a)} to be below ${show(b)}`),
    isAtMost: (a, b, m) => check(a <= b, m, `expected ${show(a)} to be at most ${show(b)}`),
    match: (s, re, m) => check(re.test(String(s)), m, `expected ${show(s)} to match ${re}`),
    notMatch: (s, re, m) => check(!re.test(String(s)), m, `expected ${show(s)} not to match ${re}`),
    include: (haystack, needle, m) => check(haystack.includes(needle), m, `expected ${show(haystack)} to include ${show(needle)}`),
    lengthOf: (v, n, m) => check(v.length === n, m, `expected length ${n}, got ${v.length}`),
    exists: (v, m) => check(v !== null && v !== undefined, m, "expected a value"),
  });

  // A tiny query: $('h1').length, .text(), .css('color'), .attr('alt'), .hasClass('x'), .children().
  class Query {
    constructor(elements) {
      this.elements = elements;
      this.length = elements.length;
      elements.forEach((element, index) => { this[index] = element; });
    }
    text() { return this.elements.map((element) => element.textContent).join(""); }
    html() { return this.elements[0] ? this.elements[0].innerHTML : undefined; }
    css(name) {
      return this.elements[0] ? getComputedStyle(this.elements[0]).getPropertyValue(name) : undefined;
    }
    attr(name) {
      const value = this.elements[0] ? this.elements[0].getAttribute(name) : null;
      return value === null ? undefined : value;
    }
    prop(name) { return this.elements[0] ? this.elements[0][name] : undefined; }
    val() { return this.elements[0] ? this.elements[0].value : undefined; }
    hasClass(name) { return this.elements.some((element) => element.classList.contains(name)); }
    children(selector) {
      const kids = this.elements.flatMap((element) => [...element.children]);
      return new Query(selector ? kids.filter((kid) => kid.matches(selector)) : kids);
    }
    find(selector) { return new Query(this.elements.flatMap((element) => [...element.querySelectorAll(selector)])); }
    parent() { return new Query([...new Set(this.elements.map((element) => element.parentElement).filter(Boolean))]); }
    first() { return new Query(this.elements.slice(0, 1)); }
    last() { return new Query(this.elements.slice(-1)); }
    eq(index) { return new Query(this.elements.slice(index, index + 1 || undefined)); }
    is(selector) { return this.elements.some((element) => element.matches(selector)); }
  }
  function $(selector) {
    if (selector instanceof Element) return new Query([selector]);
    return new Query([...document.querySelectorAll(selector)]);
  }
  window.AssertionError = AssertionError;
  window.assert = assert;
  window.$ = $;
})();
