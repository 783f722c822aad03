// The admin's only script (the Content-Security-Policy runs no inline one):
// a <select data-autosubmit> sends its form as soon as it changes.
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.submit();
  }
});
