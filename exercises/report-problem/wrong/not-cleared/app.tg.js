// Унсурҳои саҳифаро меёбем.
const form = document.querySelector("#report-form");
const category = document.querySelector("#category");
const description = document.querySelector("#description");
const list = document.querySelector("#reports");

// Як хабарро ба рӯйхати саҳифа илова мекунем.
function addToList(text) {
  const item = document.createElement("li");
  item.textContent = text;
  list.appendChild(item);
}

// Вақте ки форма фиристода шуд: хабарро илова мекунем, баъд қуттиро тоза мекунем.
form.addEventListener("submit", function (event) {
  event.preventDefault();
  const text = category.value + ": " + description.value;
  addToList(text);
});
