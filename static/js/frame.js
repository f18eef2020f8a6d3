// The preview frame's bootstrap. It runs in a sandboxed frame with an opaque origin: it can
// reach nothing of ours. It waits for the editor page to send the learner's assembled app,
// then writes it into this document with a small runtime in front that reports errors,
// console output and stuck loops back to the editor page, tagged with this load's nonce.
(function () {
  "use strict";
  var nonce = location.hash.slice(1);

  // Runs inside the learner's document (serialised with toString, so it must be self-contained).
  function runtime(config) {
    var post = function (message) {
      message.nonce = config.nonce;
      try { parent.postMessage(message, "*"); } catch (e) { /* a message that cannot be cloned */ }
    };
    var define = function (target, name, value) {
      try { Object.defineProperty(target, name, { value: value, configurable: true }); } catch (e) { /* ignore */ }
    };

    // Sandboxed frames have no storage of their own; give the app a working one that the
    // editor page keeps between previews.
    function makeStorage(seed, persist) {
      var items = Object.create(null);
      Object.keys(seed || {}).forEach(function (k) { items[k] = String(seed[k]); });
      var save = function () { if (persist) post({ type: "storage", data: Object.assign({}, items) }); };
      var storage = {
        getItem: function (k) { k = String(k); return k in items ? items[k] : null; },
        setItem: function (k, v) { items[String(k)] = String(v); save(); },
        removeItem: function (k) { delete items[String(k)]; save(); },
        clear: function () { items = Object.create(null); save(); },
        key: function (i) { var keys = Object.keys(items); return i < keys.length ? keys[i] : null; },
      };
      Object.defineProperty(storage, "length", { get: function () { return Object.keys(items).length; } });
      return storage;
    }
    define(window, "localStorage", makeStorage(config.storage, true));
    define(window, "sessionStorage", makeStorage({}, false));
    var cookies = "";
    try {
      Object.defineProperty(document, "cookie", {
        get: function () { return cookies; },
        set: function (v) { cookies = cookies ? cookies + "; " + String(v).split(";")[0] : String(v).split(";")[0]; },
        configurable: true,
      });
    } catch (e) { /* ignore */ }

    function where(stack) {
      // The first frame in one of the learner's files: "at app.js:3:5" or "at fn (app.js:3:5)".
      var match = /(?:^|[\s(])([\w.-]+\.(?:js|html|mjs)):(\d+):(\d+)/m.exec(String(stack || ""));
      return match ? { file: match[1], line: Number(match[2]) } : {};
    }
    function show(value) {
      if (typeof value === "string") return value;
      if (value instanceof Error) return value.name + ": " + value.message;
      if (value instanceof Element) return "<" + value.tagName.toLowerCase() + (value.id ? " id=\"" + value.id + "\"" : "") + ">";
      try { return JSON.stringify(value) === undefined ? String(value) : JSON.stringify(value); } catch (e) { return String(value); }
    }
    ["log", "info", "warn", "error", "debug"].forEach(function (level) {
      var original = console[level];
      console[level] = function () {
        var at = where((new Error().stack || "").split("\n").slice(2).join("\n"));
        post({ type: "console", level: level, text: Array.prototype.map.call(arguments, show).join(" "), file: at.file, line: at.line });
        return original.apply(console, arguments);
      };
    });
    // A script that does not compile never gets its sourceURL: its SyntaxError names this
    // document and the line in it, which `config.scripts` turns back into the learner's file.
    function scriptAt(line) {
      for (var i = 0; i < config.scripts.length; i++) {
        var s = config.scripts[i];
        if (line >= s[0] && line <= s[1]) return { file: s[2], line: line - s[0] + 1 };
      }
      return {};
    }
    addEventListener("error", function (event) {
      var at = where(event.error && event.error.stack);
      if (!at.file && event.filename && !/frame/.test(event.filename)) at = { file: event.filename, line: event.lineno };
      if (!at.file && event.lineno) at = scriptAt(event.lineno);
      var text = String(event.message).replace("Failed to execute 'write' on 'Document': ", "");
      post({ type: "error", text: text, file: at.file, line: at.line || event.lineno });
    });
    addEventListener("unhandledrejection", function (event) {
      var reason = event.reason;
      var at = where(reason && reason.stack);
      post({ type: "error", text: "Uncaught (in promise) " + show(reason), file: at.file, line: at.line });
    });

    // Loops are rewritten to call this on every turn (static/js/preview.js). One task that
    // keeps the page busy for more than a second is stopped, so the app never freezes.
    var started = 0;
    define(window, "__sandboxLoop", function (file, line) {
      var now = performance.now();
      if (!started) {
        started = now;
        queueMicrotask(function () { started = 0; });
      } else if (now - started > 1000) {
        started = 0;
        post({ type: "stuck", file: file, line: line });
        throw new Error(config.stopped.replace("{file}", file).replace("{line}", line));
      }
      return true;
    });
    Object.defineProperty(window, "__sandboxLoop", { writable: false, configurable: false });
    setInterval(function () { post({ type: "alive" }); }, 300);
  }

  addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== parent || !data || data.nonce !== nonce || data.type !== "render") return;
    var html = String(data.html);
    // Where each of the learner's scripts is in the document, counted as the error event counts
    // (the runtime goes in front of it, and JSON has no line breaks, so its lines are known).
    var bootLines = runtime.toString().split("\n").length - 1;
    var scripts = [];
    var found = /<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi;
    for (var match = found.exec(html); match; match = found.exec(html)) {
      var named = /\/\/# sourceURL=([^\n]+)\n$/.exec(match[1]);
      if (!named) continue;
      var start = html.slice(0, match.index + match[0].indexOf(">") + 1).split("\n").length + bootLines;
      scripts.push([start, start + match[1].split("\n").length - 1, named[1]]);
    }
    var config = JSON.stringify({ nonce: nonce, storage: data.storage || {}, scripts: scripts, stopped: String(data.stopped || "Stopped a loop that did not end ({file} line {line})") }).replace(/</g, "\\u003c");
    var boot = "<script>(" + runtime.toString() + ")(" + config + ");<" + "/script>";
    var doctype = /^\s*<!doctype[^>]*>/i.exec(html);
    html = doctype ? doctype[0] + boot + html.slice(doctype[0].length) : boot + html;
    document.open();
    document.write(html);
    document.close();
    parent.postMessage({ nonce: nonce, type: "rendered" }, "*");
  });
  parent.postMessage({ nonce: nonce, type: "ready" }, "*");
})();
