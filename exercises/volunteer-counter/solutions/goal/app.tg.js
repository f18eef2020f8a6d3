// Шумораи волонтёрҳо. Мо "let" менависем, зеро он тағйир меёбад.
let count = 0;

// Унсурҳои саҳифаро меёбем.
const countText = document.querySelector("#count");
const plusButton = document.querySelector("#plus");
const minusButton = document.querySelector("#minus");
const resetButton = document.querySelector("#reset");
const message = document.querySelector("#message");

// Рақамро дар саҳифа нишон медиҳем ва вақте ба ҳадаф расидем, паёмро ҳам.
function show() {
  countText.textContent = count;
  if (count >= 10) {
    message.textContent = "Ба ҳадаф расидем: 10 волонтёр! Ташаккур!";
  } else {
    message.textContent = "";
  }
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
  count = 0;
  show();
});
