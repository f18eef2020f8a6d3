// A step with its own starting code: the learner chooses between carrying their code over and
// starting from the step's code, and may change their mind. Swapping saves with the reason
// "step-starter", so the server keeps the replaced copy in the work history.

function sameFiles(a, b) {
  const names = Object.keys(b);
  return names.every((name) => (a[name] ?? "") === b[name]);
}

export function setupStepStart({ data, getFiles, setFiles }) {
  const panel = document.getElementById("step-start");
  if (!panel || !data.stepStart) return { replaced() {} };
  const key = `sandbox:step-start:${data.learner}:${data.exercise}:${data.step}`;
  const starter = data.stepStart.files;
  let carried = data.stepStart.carried;
  const status = document.getElementById("step-start-status");

  function chosen() {
    try { return localStorage.getItem(key); } catch (error) { return null; }
  }
  function remember(choice) {
    try { localStorage.setItem(key, choice); } catch (error) { /* no storage: ask again next time */ }
  }
  function show(state) {
    panel.dataset.state = state;
    panel.querySelectorAll("[data-when]").forEach((part) => {
      let shown = part.dataset.when.split(" ").includes(state);
      if (part.id === "step-start-back") shown = shown && Boolean(carried);
      part.hidden = !shown;
    });
  }
  function refresh() {
    if (sameFiles(getFiles(), starter)) show("step");
    else show(chosen() || data.passed ? "mine" : "ask");
  }
  function announce(id) {
    status.textContent = panel.querySelector(`[data-when="${id}"]`)?.textContent || "";
  }

  document.getElementById("step-start-mine").addEventListener("click", () => {
    remember("mine");
    show("mine");
    announce("mine");
    document.getElementById("step-start-use").focus();
  });
  document.getElementById("step-start-use").addEventListener("click", () => {
    carried = getFiles();
    remember("step");
    setFiles({ ...starter }, "step-starter");
    show("step");
    announce("step");
    document.getElementById("step-start-back").focus();
  });
  document.getElementById("step-start-back").addEventListener("click", () => {
    if (!carried) return;
    const mine = carried;
    carried = getFiles();
    remember("mine");
    setFiles({ ...mine }, "step-starter");
    show("mine");
    announce("mine");
    document.getElementById("step-start-use").focus();
  });
  refresh();
  // "Start again" went back to the step's code: the code it replaced is the one to go back to.
  return {
    replaced(files) {
      carried = files;
      refresh();
    },
  };
}
