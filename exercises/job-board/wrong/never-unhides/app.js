// Find the elements on the page.
const search = document.querySelector("#search");
const cards = document.querySelectorAll(".job");

// Show only the job cards that match, hide the others.
function filterJobs() {
  const text = search.value.toLowerCase();
  for (const card of cards) {
    const cardText = card.textContent.toLowerCase();
    if (!cardText.includes(text)) {
      card.hidden = true;
    }
  }
}

// Filter again every time the text in the search box changes.
search.addEventListener("input", filterJobs);
