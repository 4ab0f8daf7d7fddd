// Minimal Eleventy site for the mvsite benchmark: pages, section lists, home page.
// js-yaml ships with Eleventy; the harness points NODE_PATH at its node_modules.
const yaml = require("js-yaml");

function bySection(collectionApi) {
  const sections = new Map();
  for (const item of collectionApi.getFilteredByGlob("./*/*.md")) {
    const name = item.data.section;
    if (!sections.has(name)) sections.set(name, []);
    sections.get(name).push(item);
  }
  for (const items of sections.values()) items.sort((a, b) => b.date - a.date);
  return sections;
}

module.exports = function (eleventyConfig) {
  eleventyConfig.addDataExtension("yaml", (contents) => yaml.load(contents));
  eleventyConfig.addPassthroughCopy("images");
  eleventyConfig.addCollection("sectionList", (api) =>
    [...bySection(api)].map(([name, pages]) => ({ name, pages })),
  );
  eleventyConfig.addCollection("newest", (api) => {
    const newest = {};
    for (const [name, pages] of bySection(api)) newest[name] = pages.slice(0, 20);
    return newest;
  });
  return {
    dir: { input: ".", output: "_site", includes: "_includes", data: "_data" },
    markdownTemplateEngine: false,
    htmlTemplateEngine: "njk",
    templateFormats: ["md", "njk"],
  };
};
