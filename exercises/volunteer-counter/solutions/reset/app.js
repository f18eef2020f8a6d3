// The number of volunteers. We use "let" because it will change.
let count = 0;

// Find the elements on the page.
const countText = document.querySelector("#count");
const plusButton = document.querySelector("#plus");
const minusButton = document.querySelector("#minus");
const resetButton = document.querySelector("#reset");

// Show the number on the page.
function show() {
  countText.textContent = count;
}

// When + is pressed, add one.
plusButton.addEventListener("click", function () {
  count = count + 1;
  show();
});

// When - is pressed, take away one, but never go below 0.
minusButton.addEventListener("click", function () {
  if (count > 0) {
    count = count - 1;
    show();
  }
});

// When Reset is pressed, start again from 0.
resetButton.addEventListener("click", function () {
  count = 0;
  show();
});
