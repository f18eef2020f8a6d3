// Ҳамаи ҷадвалҳо ва лавҳаҳоро меёбем.
const tabs = document.querySelectorAll(".tab");
const panels = document.querySelectorAll(".panel");

// Лавҳаи ин ҷадвалро нишон медиҳем, дигаронро пинҳон мекунем ва ин ҷадвалро қайд мекунем.
function openTab(tab) {
  for (const panel of panels) {
    panel.hidden = true;
  }
  for (const other of tabs) {
    other.classList.remove("active");
  }
  const chosen = document.querySelector("#" + tab.dataset.panel);
  chosen.hidden = false;
  tab.classList.add("active");
}

// Вақте ки ҷадвал пахш шуд, онро мекушоем.
for (const tab of tabs) {
  tab.addEventListener("click", function () {
    openTab(tab);
  });
}
