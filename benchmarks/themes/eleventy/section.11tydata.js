// Copied into every section folder: layout and a flat `<section>/<slug>.html` URL.
module.exports = {
  layout: "page.njk",
  eleventyComputed: {
    permalink: (data) => `${data.page.filePathStem}.html`,
  },
};
