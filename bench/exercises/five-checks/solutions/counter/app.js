var count = 0;
document.querySelector("#add").addEventListener("click", function () {
  count = count + 1;
  document.querySelector("#count").textContent = count;
});
