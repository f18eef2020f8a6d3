// The number of volunteers. We use "let" because it will change.
let count = 0;

// Find the elements on the page.
const countText = document.querySelector("#count");
const plusButton = document.querySelector("#plus");

// Show the number on the page.
function show() {
  countText.textContent = count;
}

// When + is pressed, add one.
plusButton.addEventListener("click", function () {
  count = count + 1;
  show();
});
