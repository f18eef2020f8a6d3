// Шумораи волонтёрҳо. Мо "let" менависем, зеро он тағйир меёбад.
let count = 0;

// Унсурҳои саҳифаро меёбем.
const countText = document.querySelector("#count");
const plusButton = document.querySelector("#plus");
const minusButton = document.querySelector("#minus");
const resetButton = document.querySelector("#reset");

// Рақамро дар саҳифа нишон медиҳем.
function show() {
  countText.textContent = count;
}

// Вақте ки + пахш шуд, як илова мекунем.
plusButton.addEventListener("click", function () {
  count = count + 1;
  show();
});

// Вақте ки - пахш шуд, як кам мекунем, аммо ҳеҷ гоҳ аз 0 поён намеравем.
minusButton.addEventListener("click", function () {
  if (count > 0) {
    count = count - 1;
    show();
  }
});

// Вақте ки «Аз нав» пахш шуд, боз аз 0 сар мекунем.
resetButton.addEventListener("click", function () {
  countText.textContent = 0;
});
