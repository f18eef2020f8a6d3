// Число волонтёров. Мы пишем "let", потому что оно будет меняться.
let count = 0;

// Находим элементы на странице.
const countText = document.querySelector("#count");
const plusButton = document.querySelector("#plus");
const minusButton = document.querySelector("#minus");

// Показываем число на странице.
function show() {
  countText.textContent = count;
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
