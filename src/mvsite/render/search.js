// The search page: runs the words in ?q= (from the header's field) or typed here through
// Pagefind's JavaScript API, which is fetched only then, from this site.
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const SHOWN = 20;
const words = form.dataset; // in the page's language (search.html)
let pagefind = null;
let latest = 0;

async function search(query) {
  const asked = ++latest;
  if (!query.trim()) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  status.textContent = words.searching;
  try {
    pagefind ??= await import(form.dataset.pagefind);
    const found = await pagefind.search(query);
    const results = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
    if (asked !== latest) return; // a newer search has started
    list.replaceChildren(...results.map(item));
    const count = found.results.length;
    const more = count > SHOWN ? fill(words.more, { shown: SHOWN }) : "";
    const said = count === 1 ? words.resultOne : words.resultOther;
    status.textContent = fill(said, { count, query }) + more;
  } catch (error) {
    status.textContent = words.unavailable;
    throw error;
  }
}

// "{count} results for “{query}”" -> the text, each {name} replaced by its value.
function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function item(result) {
  const entry = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = result.meta.url || result.url; // a figure's record names its facts entry
  link.textContent = result.meta.title || result.url;
  heading.append(link);
  const excerpt = document.createElement("p");
  excerpt.append(...marked(result.excerpt));
  entry.append(heading, excerpt);
  return entry;
}

// Pagefind's excerpt is escaped text with the matches in <mark>: rebuilt here as nodes,
// never assigned as HTML.
function marked(excerpt) {
  const parser = new DOMParser();
  return excerpt.split(/<mark>|<\/mark>/).map((part, index) => {
    // After <body>, the parser keeps the spaces at either end of the part.
    const text = parser.parseFromString(`<body>${part}`, "text/html").body.textContent;
    if (index % 2 === 0) return document.createTextNode(text);
    const mark = document.createElement("mark");
    mark.textContent = text;
    return mark;
  });
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set("q", input.value);
  history.replaceState(null, "", url);
  search(input.value);
});

const asked = new URLSearchParams(location.search).get("q");
if (asked) {
  input.value = asked;
  search(asked);
}
