// Число волонтёров. Мы пишем "let", потому что оно будет меняться.
let count = 0;

// Находим элементы на странице.
const countText = document.querySelector("#count");
const plusButton = document.querySelector("#plus");

// Показываем число на странице.
function show() {
  countText.textContent = count;
}

// Когда нажали +, прибавляем один.
plusButton.addEventListener("click", function () {
  count = count + 1;
  show();
});
