// Reports are kept on this phone (localStorage), newest first.
const form = document.querySelector("#report-form");
const list = document.querySelector("#reports");
let reports = JSON.parse(localStorage.getItem("reports") || "[]");

function show() {
  list.innerHTML = "";
  for (const report of reports) {
    const item = document.createElement("li");
    const title = document.createElement("strong");
    title.textContent = report.kind + " · " + report.place;
    const text = document.createElement("p");
    text.textContent = report.what;
    item.append(title, text);
    list.append(item);
  }
  document.querySelector("#count").textContent = reports.length;
  document.querySelector("#empty").hidden = reports.length > 0;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  reports.unshift({
    place: document.querySelector("#place").value,
    kind: document.querySelector("#kind").value,
    what: document.querySelector("#what").value,
  });
  localStorage.setItem("reports", JSON.stringify(reports));
  form.reset();
  show();
});

show();
