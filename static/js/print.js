// The printable technical assignment: its Print button opens the browser's print dialog.
document.getElementById("print")?.addEventListener("click", () => window.print());
document.body.dataset.ready = "true";
