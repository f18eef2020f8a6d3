// Registers the app's own service worker (scope: the app's path). Served from the app's path, not
// inline, because the learner's page must not need anything from us but files of its own origin.

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("sw.js", { scope: "./" }).catch(function (error) {
    console.warn("This app cannot work offline here:", error && error.message);
  });
}
