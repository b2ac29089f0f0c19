/**
 * The report page's own style and script, inlined into it (README, "The fleet report"): the
 * page loads nothing — its Content-Security-Policy forbids any request — and works offline and printed.
 * The script sorts a table by a column and filters the fleet's rows; without it the page reads the same.
 */
export const PAGE_STYLE = `
:root { --ok:#1a7f37; --warn:#9a6700; --bad:#cf222e; --muted:#57606a; --line:#d0d7de; --head:#f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:#1f2328; margin: 0 24px 48px; }
header { border-bottom: 1px solid var(--line); padding: 16px 0 8px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; }
.meta { color: var(--muted); margin: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0 0; padding: 0; list-style: none; }
.cards li { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 150px; }
.cards b { display: block; font-size: 20px; }
.controls { display: flex; gap: 16px; align-items: end; flex-wrap: wrap; margin: 8px 0; }
.controls label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
.controls input, .controls select { font: inherit; padding: 4px 6px; min-width: 220px; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; color: var(--muted); padding: 4px 0; caption-side: top; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; white-space: nowrap; }
thead th { background: var(--head); position: sticky; top: 0; z-index: 1; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button:focus-visible { outline: 2px solid #0969da; }
th .arrow { color: var(--muted); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.s-local, .s-central { color: var(--ok); } .s-pending, .s-drifted { color: var(--warn); }
.s-missing, .s-failed, .s-failing { color: var(--bad); font-weight: 600; } .s-none { color: #8c959f; }
.legend { color: var(--muted); font-size: 12px; }
.name { color: var(--muted); display: block; font-size: 12px; }
@media print {
  .controls { display: none; } thead th { position: static; } body { margin: 0; }
  .scroll { overflow: visible; } th, td { white-space: normal; }
}
`;

export const PAGE_SCRIPT = `
(function () {
  function value(cell) { var v = cell.getAttribute('data-sort'); return v === null ? cell.textContent.trim() : v; }
  function compare(a, b, numeric) {
    if (numeric) return (parseFloat(a) || 0) - (parseFloat(b) || 0);
    return a.localeCompare(b, 'en', { numeric: true });
  }
  document.querySelectorAll('table[data-sortable]').forEach(function (table) {
    var heads = table.querySelectorAll('thead th');
    heads.forEach(function (th, index) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        heads.forEach(function (h) {
          h.removeAttribute('aria-sort');
          var other = h.querySelector('.arrow');
          if (other) other.textContent = '';
        });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        // The arrow is for the eye; aria-sort tells a screen reader, and the button's name stays its column's.
        var arrow = th.querySelector('.arrow');
        if (arrow) arrow.textContent = ascending ? ' ▲' : ' ▼';
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = th.getAttribute('data-type') === 'number';
        rows.sort(function (r1, r2) {
          var d = compare(value(r1.cells[index]), value(r2.cells[index]), numeric);
          return ascending ? d : -d;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  var table = document.getElementById('fleet');
  var text = document.getElementById('fleet-filter');
  var show = document.getElementById('fleet-show');
  var count = document.getElementById('fleet-count');
  if (!table || !text || !show || !count) return;
  function apply() {
    var words = text.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var wanted = show.value;
    var rows = table.tBodies[0].rows;
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var haystack = row.getAttribute('data-text') || '';
      var states = ' ' + (row.getAttribute('data-states') || '') + ' ';
      var match = words.every(function (w) { return haystack.indexOf(w) >= 0; }) &&
        (wanted === 'all' || states.indexOf(' ' + wanted + ' ') >= 0);
      row.hidden = !match;
      if (match) shown++;
    }
    count.textContent = 'Showing ' + shown + ' of ' + rows.length + ' VPCs';
  }
  text.addEventListener('input', apply);
  show.addEventListener('change', apply);
  apply();
})();
`;
