// Find the elements on the page.
const search = document.querySelector("#search");
const cards = document.querySelectorAll(".job");

// Show only the job cards that match, hide the others.
function filterJobs() {
  const text = search.value;
  for (const card of cards) {
    const cardText = card.textContent;
    const matches = cardText.includes(text);
    card.hidden = !matches;
  }
}

// Filter again every time the text in the search box changes.
search.addEventListener("input", filterJobs);
