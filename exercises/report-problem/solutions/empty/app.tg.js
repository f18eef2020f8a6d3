// Унсурҳои саҳифаро меёбем.
const form = document.querySelector("#report-form");
const category = document.querySelector("#category");
const description = document.querySelector("#description");
const list = document.querySelector("#reports");
const error = document.querySelector("#error");

// Ҳамаи хабарҳои захирашуда. Бори аввал ягонтоаш нест: рӯйхати холӣ [].
const reports = JSON.parse(localStorage.getItem("reports") || "[]");

// Як хабарро ба рӯйхати саҳифа илова мекунем.
function addToList(text) {
  const item = document.createElement("li");
  item.textContent = text;
  list.appendChild(item);
}

// Вақте ки форма фиристода шуд: хабарро илова мекунем, ҳамаи хабарҳоро захира мекунем, баъд қуттиро тоза мекунем.
form.addEventListener("submit", function (event) {
  event.preventDefault();

  // Хабари холӣ ба ҳеҷ кас кӯмак намекунад: паём нишон медиҳем ва дар ин ҷо бас мекунем.
  if (description.value.trim() === "") {
    error.textContent = "Лутфан нависед, ки мушкилот чист.";
    return;
  }
  error.textContent = "";

  const text = category.value + ": " + description.value;
  addToList(text);
  reports.push(text);
  localStorage.setItem("reports", JSON.stringify(reports));
  description.value = "";
});

// Вақте ки саҳифа кушода мешавад, хабарҳои захирашударо нишон медиҳем.
for (const text of reports) {
  addToList(text);
}
