// Starts Pagefind's search box; a ?q= in the URL runs that search, so a search can be shared.
(function () {
  if (!window.PagefindUI) return;
  var ui = new PagefindUI({ element: '#search', showSubResults: true, showImages: false, resetStyles: false });
  var q = new URLSearchParams(location.search).get('q');
  if (q) ui.triggerSearch(q);
})();
