// A docs site as many are: client-side navigation, a sidebar, clean URLs, and a canonical link per
// page that VitePress swaps in <head> as the reader moves on (so the widget must wait for it).
export default {
  title: "Acme Docs",
  description: "The Acme handbook",
  cleanUrls: true,
  themeConfig: {
    nav: [{ text: "Guide", link: "/guide/first" }],
    sidebar: [
      {
        text: "Guide",
        items: [
          { text: "Getting started", link: "/guide/first" },
          { text: "Configuration", link: "/guide/second" },
          { text: "Troubleshooting", link: "/guide/third" },
        ],
      },
    ],
  },
  transformPageData(pageData) {
    const path = pageData.relativePath.replace(/(index)?\.md$/, "");
    pageData.frontmatter.head ??= [];
    pageData.frontmatter.head.push(["link", { rel: "canonical", href: `https://docs.acme.example/${path}` }]);
  },
};
