// Число волонтёров. Мы пишем "let", потому что оно будет меняться.
let count = 0;

// Находим элементы на странице.
const countText = document.querySelector("#count");
const plusButton = document.querySelector("#plus");
const minusButton = document.querySelector("#minus");
const resetButton = document.querySelector("#reset");
const message = document.querySelector("#message");

// Показываем число на странице и сообщение, когда дошли до цели.
function show() {
  countText.textContent = count;
  if (count >= 10) {
    message.textContent = "Цель достигнута: 10 волонтёров! Спасибо!";
  } else {
    message.textContent = "";
  }
}

// Когда нажали +, прибавляем один.
plusButton.addEventListener("click", function () {
  count = count + 1;
  show();
});

// Когда нажали -, отнимаем один, но никогда не опускаемся ниже 0.
minusButton.addEventListener("click", function () {
  if (count > 0) {
    count = count - 1;
    show();
  }
});

// Когда нажали «Сбросить», начинаем снова с 0.
resetButton.addEventListener("click", function () {
  count = 0;
  show();
});
