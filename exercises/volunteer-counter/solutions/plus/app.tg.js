// Шумораи волонтёрҳо. Мо "let" менависем, зеро он тағйир меёбад.
let count = 0;

// Унсурҳои саҳифаро меёбем.
const countText = document.querySelector("#count");
const plusButton = document.querySelector("#plus");

// Рақамро дар саҳифа нишон медиҳем.
function show() {
  countText.textContent = count;
}

// Вақте ки + пахш шуд, як илова мекунем.
plusButton.addEventListener("click", function () {
  count = count + 1;
  show();
});
