// Ҳамаи варақаҳо ва панелҳоро меёбем.
const tabs = document.querySelectorAll(".tab");
const panels = document.querySelectorAll(".panel");

// Панели ин варақаро нишон медиҳем, дигаронро пинҳон мекунем ва ин варақаро қайд мекунем.
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

// Вақте ки варақа пахш шуд, онро мекушоем.
for (const tab of tabs) {
  tab.addEventListener("click", function () {
    openTab(tab);
  });
}
